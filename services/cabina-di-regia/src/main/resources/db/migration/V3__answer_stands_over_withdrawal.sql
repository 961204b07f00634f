-- A withdrawal and the addressee's answer (acceptance, decline, expiry) that crossed on the network: the answer
-- stands, as at the two partners, whatever the partners' clocks say (V1 and V2 ordered them by occurredAt). The
-- addressee's own answers keep their order.
create or replace view referral_view as
select r.referral_id, r.case_id, r.sender_partner_id, r.to_partner_id, r.service_type, r.urgency, r.sent_at,
       r.due_by, r.accepted_at, r.declined_at, r.decline_reason, r.withdrawn_at, r.completed_at, r.outcome,
       coalesce(r.accepted_at, r.declined_at) as answered_at,
       p.first_placement_at,
       case
           when r.withdrawn_at is not null and r.accepted_at is null and r.declined_at is null
                and r.expired_at is null and r.completed_at is null and p.first_placement_at is null then 'WITHDRAWN'
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
