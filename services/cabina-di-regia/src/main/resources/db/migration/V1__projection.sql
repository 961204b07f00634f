-- The control room's projection of every partner's ledger. Each event fills only the columns it knows, so the
-- rows converge to the same content whatever order the ledgers are read in. Times are the events' occurredAt.
-- No personal data: pseudonymous ids and coarse attributes only.

create table case_fact (
    case_id          text primary key,
    owner_partner_id text,
    territory        text,
    sector           text,
    intake_channel   text,
    opened_at        timestamptz,
    closed_at        timestamptz,
    closure_reason   text
);
create index case_fact_opened on case_fact (opened_at);

create table referral_fact (
    referral_id       uuid primary key,
    case_id           text        not null,
    sender_partner_id text,
    to_partner_id     text,
    service_type      text,
    urgency           text,
    sent_at           timestamptz,
    due_by            timestamptz,
    accepted_at       timestamptz,
    declined_at       timestamptz,
    decline_reason    text,
    withdrawn_at      timestamptz,
    completed_at      timestamptz,
    outcome           text
);
create index referral_fact_case on referral_fact (case_id);
create index referral_fact_sent on referral_fact (sent_at);

create table placement_fact (
    placement_id      uuid primary key,
    referral_id       uuid        not null,
    case_id           text        not null,
    partner_id        text        not null,
    sender_partner_id text        not null,
    kind              text        not null,
    contract_type     text,
    start_date        date        not null,
    made_at           timestamptz not null
);
create index placement_fact_referral on placement_fact (referral_id);
create index placement_fact_case on placement_fact (case_id);

-- A referral with its state as the network's state machine would have it. An answer and a withdrawal that crossed
-- on the network are ordered by their occurredAt, so the state never depends on the reading order.
create view referral_view as
select r.*,
       coalesce(r.accepted_at, r.declined_at) as answered_at,
       p.first_placement_at,
       case
           when r.withdrawn_at is not null
                and (coalesce(r.accepted_at, r.declined_at) is null
                     or r.withdrawn_at < coalesce(r.accepted_at, r.declined_at)) then 'WITHDRAWN'
           when r.declined_at is not null then 'DECLINED'
           when r.completed_at is not null then 'COMPLETED'
           when p.first_placement_at is not null then 'IN_PROGRESS'
           when r.accepted_at is not null then 'ACCEPTED'
           else 'REQUESTED'
       end as state
from referral_fact r
left join (select referral_id, min(made_at) as first_placement_at
           from placement_fact group by referral_id) p on p.referral_id = r.referral_id;
