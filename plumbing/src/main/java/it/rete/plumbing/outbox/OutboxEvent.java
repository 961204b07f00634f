package it.rete.plumbing.outbox;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import org.apache.avro.specific.SpecificRecord;

/**
 * An event to append to the partner's ledger. {@code caseId} is the Kafka key and CloudEvents subject,
 * {@code occurredAt} the CloudEvents time, {@code payload} the Avro record (envelope included) to serialize.
 */
public record OutboxEvent(UUID eventId, String eventType, String caseId, Instant occurredAt, SpecificRecord payload) {

    public OutboxEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(caseId, "caseId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(payload, "payload");
    }
}
