-- Plumbing library schema (history table: plumbing_schema_history; services number their own migrations).

-- The transactional outbox. Rows are kept: they are the partner's local copy of its ledger.
-- Debezium (pgoutput, table public.outbox) relays each insert to the ledger topic.
CREATE TABLE outbox (
    id            uuid        PRIMARY KEY,              -- event id (ce_id)
    aggregatetype text        NOT NULL,
    aggregateid   text        NOT NULL,                 -- Kafka key = case id (ce_subject)
    type          text        NOT NULL,                 -- event type (ce_type)
    payload       bytea       NOT NULL,                 -- Confluent-framed Avro: the Kafka value, byte for byte
    ce_source     text        NOT NULL,
    ce_time       timestamptz NOT NULL,
    ce_subject    text        NOT NULL,
    topic         text        NOT NULL,                 -- the ledger topic
    sequence      bigint      NOT NULL,
    event_hash    text        NOT NULL,                 -- lowercase hex SHA-256 of the Avro body
    previous_hash text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT outbox_topic_sequence_uk UNIQUE (topic, sequence)
);

CREATE INDEX outbox_aggregateid_idx ON outbox (aggregateid);

-- The head of each ledger: the next event gets sequence last_sequence + 1 and previous hash last_hash.
CREATE TABLE ledger_head (
    topic         text   PRIMARY KEY,
    last_sequence bigint NOT NULL,
    last_hash     text   NOT NULL
);

-- Consumer idempotency: an event's effect is applied once, in the transaction that records it here.
CREATE TABLE processed_event (
    event_id     uuid        PRIMARY KEY,
    source_topic text        NOT NULL,
    partition    int         NOT NULL,
    "offset"     bigint      NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now()
);
