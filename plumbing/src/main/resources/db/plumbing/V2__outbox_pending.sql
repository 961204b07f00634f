-- Events committed by requests and not yet placed in the ledger. A request transaction inserts here only (no lock
-- shared with other requests); the outbox sequencer moves committed rows to the outbox in batches, in id order,
-- giving each its sequence and previous hash (see OutboxSequencer).
CREATE TABLE outbox_pending (
    id              bigserial   PRIMARY KEY,          -- order of sequencing
    event_id        uuid        NOT NULL,             -- becomes outbox.id
    aggregatetype   text        NOT NULL,
    aggregateid     text        NOT NULL,
    type            text        NOT NULL,
    payload         bytea       NOT NULL,             -- the Kafka value with the placeholder position (sequence 1, 64 zeros)
    sequence_offset int         NOT NULL,             -- byte index of the placeholder sequence in payload
    hash_offset     int         NOT NULL,             -- byte index of the placeholder previous hash in payload
    ce_source       text        NOT NULL,
    ce_time         timestamptz NOT NULL,
    ce_subject      text        NOT NULL,
    topic           text        NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now()
);

-- When the request that wrote the event committed (pg_xact_commit_timestamp of its pending row, where PostgreSQL
-- tracks commit timestamps); null for rows written before sequencing existed or without track_commit_timestamp.
ALTER TABLE outbox ADD COLUMN committed_at timestamptz;
