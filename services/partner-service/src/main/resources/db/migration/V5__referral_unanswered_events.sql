-- The events of a referral from while it was unanswered: its ReferralSent and the addressee's reminders and overdue
-- reports. An answer and a withdrawal crossed on the network only when the later one was caused by one of them.
alter table referral add column unanswered_event_ids uuid[];
-- referrals already here: their ReferralSent and the reminders and overdue reports recorded on their case (the
-- timeline does not say which referral of a case a reminder was for, so on a case with several, all of them)
update referral r set unanswered_event_ids = array[r.sent_event_id] || coalesce((
    select array_agg(e.event_id order by e.occurred_at) from case_event e
    where e.case_id = r.case_id and e.event_type in ('ReferralDueSoon', 'ReferralOverdue')), '{}');
alter table referral alter column unanswered_event_ids set not null;
