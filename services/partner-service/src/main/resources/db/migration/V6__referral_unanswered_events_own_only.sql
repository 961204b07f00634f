-- V5 gave each referral already there every reminder and overdue report of its case: on a case with several
-- referrals, also those of the others. Each such timeline entry names its referral in its summary
-- ("Referral <id> ..."): a referral keeps only its own, in the order it had them.
update referral r set unanswered_event_ids = array(
    select u.id from unnest(r.unanswered_event_ids) with ordinality as u(id, n)
    where not exists (
        select 1 from case_event e
        where e.event_id = u.id and e.event_type in ('ReferralDueSoon', 'ReferralOverdue')
          and e.summary not like 'Referral ' || r.referral_id::text || ' %')
    order by u.n)
where exists (select 1 from referral other where other.case_id = r.case_id and other.referral_id <> r.referral_id);
