-- The network's service directory as this partner knows it: every partner's entries (from their directory
-- topics) and this partner's own, which it publishes (published = the broker has this version).
CREATE TABLE directory_service (
    service_id         text PRIMARY KEY,
    organisation_id    text        NOT NULL,
    name               text        NOT NULL,
    description        text,
    service_type       text        NOT NULL,
    territories        text[]      NOT NULL DEFAULT '{}',
    languages          text[]      NOT NULL DEFAULT '{}',
    eligibility        text,
    schedule           text,
    operator_contact   text,
    status             text        NOT NULL CHECK (status IN ('ACTIVE', 'INACTIVE', 'TEMPORARILY_CLOSED')),
    capacity_available integer CHECK (capacity_available >= 0),
    capacity_maximum   integer CHECK (capacity_maximum >= 0),
    updated_at         timestamptz NOT NULL,
    published          boolean     NOT NULL DEFAULT false
);
CREATE INDEX directory_service_unpublished ON directory_service (organisation_id) WHERE NOT published;

-- The directory service a referral names (null: the partner only); when it went overdue (ReferralOverdue).
ALTER TABLE referral ADD COLUMN service_id text;
ALTER TABLE referral ADD COLUMN overdue_since timestamptz;

-- Deadline timers of the referrals addressed to this partner: one row per referral and kind, fired at most once,
-- in the same transaction as the event it writes to the outbox.
CREATE TABLE referral_timer (
    referral_id    uuid        NOT NULL REFERENCES referral (referral_id),
    kind           text        NOT NULL CHECK (kind IN ('DUE_SOON', 'OVERDUE', 'EXPIRY')),
    fire_at        timestamptz NOT NULL,
    fired_at       timestamptz,
    fired_event_id uuid,
    PRIMARY KEY (referral_id, kind)
);
CREATE INDEX referral_timer_due ON referral_timer (fire_at) WHERE fired_at IS NULL;
