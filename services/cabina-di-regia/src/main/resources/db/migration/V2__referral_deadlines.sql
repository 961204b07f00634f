-- Contract version 3: the addressee reports an unanswered referral overdue at its due-by date and expires it after
-- a grace period. An expiry is terminal; a withdrawal or an answer that crossed it on the network is ordered by
-- occurredAt, as before.
alter table referral_fact add column overdue_at timestamptz;
alter table referral_fact add column expired_at timestamptz;

create or replace view referral_view as
select r.referral_id, r.case_id, r.sender_partner_id, r.to_partner_id, r.service_type, r.urgency, r.sent_at,
       r.due_by, r.accepted_at, r.declined_at, r.decline_reason, r.withdrawn_at, r.completed_at, r.outcome,
       coalesce(r.accepted_at, r.declined_at) as answered_at,
       p.first_placement_at,
       case
           when r.withdrawn_at is not null
                and (coalesce(r.accepted_at, r.declined_at) is null
                     or r.withdrawn_at < coalesce(r.accepted_at, r.declined_at))
                and (r.expired_at is null or r.withdrawn_at < r.expired_at) then 'WITHDRAWN'
           when r.expired_at is not null
                and (coalesce(r.accepted_at, r.declined_at) is null
                     or r.expired_at < coalesce(r.accepted_at, r.declined_at)) then 'EXPIRED'
           when r.declined_at is not null then 'DECLINED'
           when r.completed_at is not null then 'COMPLETED'
           when p.first_placement_at is not null then 'IN_PROGRESS'
           when r.accepted_at is not null then 'ACCEPTED'
           else 'REQUESTED'
       end as state,
       r.overdue_at, r.expired_at
from referral_fact r
left join (select referral_id, min(made_at) as first_placement_at
           from placement_fact group by referral_id) p on p.referral_id = r.referral_id;
