-- Cases this partner opened or takes part in. Only pseudonymous, coarse attributes are kept here.
create table case_file (
    case_id            text primary key,
    owner_partner_id   text        not null,
    status             text        not null check (status in ('OPEN', 'CLOSED')),
    territory          text,
    sector             text,
    intake_channel     text,
    preferred_language text,
    vulnerability_flags text[]     not null default '{}',
    closure_reason     text,
    closure_text       text,
    opened_at          timestamptz not null,
    closed_at          timestamptz
);

create table consent (
    event_id             uuid primary key,
    case_id              text        not null references case_file (case_id),
    purposes             text[]      not null,
    allowed_recipients   text[]      not null,
    legal_basis_override text,
    override_reason      text,
    recorded_at          timestamptz not null
);
create index consent_case on consent (case_id);

create table referral (
    referral_id         uuid primary key,
    case_id             text        not null references case_file (case_id),
    sender_partner_id   text        not null,
    to_partner_id       text        not null,
    service_type        text        not null,
    urgency             text        not null,
    due_by              timestamptz not null,
    state               text        not null,
    decline_reason_code text,
    decline_reason_text text,
    withdraw_reason     text,
    outcome             text,
    outcome_reason      text,
    sent_event_id       uuid        not null,
    last_event_id       uuid        not null,
    sent_at             timestamptz not null,
    updated_at          timestamptz not null
);
create index referral_inbox on referral (to_partner_id, state, sent_at);
create index referral_outbox on referral (sender_partner_id, state, sent_at);
create index referral_case on referral (case_id);

create table placement (
    placement_id  uuid primary key,
    referral_id   uuid        not null references referral (referral_id),
    case_id       text        not null references case_file (case_id),
    kind          text        not null,
    contract_type text,
    start_date    date        not null,
    recorded_at   timestamptz not null
);

-- Every event of a case this partner wrote or applied: the case timeline.
create table case_event (
    event_id          uuid primary key,
    case_id           text        not null references case_file (case_id),
    event_type        text        not null,
    source_partner_id text        not null,
    sequence          bigint      not null,
    occurred_at       timestamptz not null,
    summary           text        not null
);
create index case_event_case on case_event (case_id, occurred_at);
