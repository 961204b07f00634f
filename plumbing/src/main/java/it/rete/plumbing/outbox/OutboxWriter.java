package it.rete.plumbing.outbox;

import java.sql.Timestamp;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Appends events to the partner's ledger through the transactional outbox, inside the caller's transaction.
 *
 * <p>{@link #append} serializes the event exactly as it will appear as the Kafka value, with a placeholder ledger
 * position, and writes it to {@code outbox_pending}: it commits or rolls back with the caller's change, and takes no
 * lock shared with other requests. Once the transaction has committed, the {@link OutboxSequencer} gives the event
 * its sequence and previous hash and moves it to the outbox, which the relay publishes. If the transaction rolls
 * back (or serialization fails, e.g. registry down) nothing is written and nothing published.
 */
@Transactional(propagation = Propagation.MANDATORY)
public class OutboxWriter {

    /** A position whose serialization differs from the placeholder's in every byte and in the sequence's length. */
    private static final LedgerPosition CHECK = new LedgerPosition(300, "a".repeat(64));

    private final JdbcTemplate jdbc;
    private final OutboxProperties properties;
    private final Serializer<Object> valueSerializer;
    private final Runnable committed;
    /** Schemas whose placed bytes were checked against the serializer's own (once per schema). */
    private final Map<Schema, Boolean> checked = new ConcurrentHashMap<>();

    /**
     * @param committed called after a transaction that appended events committed (wakes the sequencer)
     */
    public OutboxWriter(DataSource dataSource, OutboxProperties properties, Serializer<Object> valueSerializer,
            Runnable committed) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.properties = properties;
        this.valueSerializer = valueSerializer;
        this.committed = Objects.requireNonNull(committed, "committed");
        Objects.requireNonNull(properties.getTopic(), "rete.outbox.topic");
        Objects.requireNonNull(properties.getSource(), "rete.outbox.source");
    }

    /**
     * Writes the event, to be sequenced once the caller's transaction commits. The payload's position fields
     * ({@code sequence} and {@code previousEventHash}, in the record or its envelope) are overwritten: the
     * sequencer assigns them. The payload is left at {@link PositionSlots#PLACEHOLDER}.
     */
    public AppendedEvent append(OutboxEvent event) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalTransactionStateException("OutboxWriter.append needs an active transaction: the event "
                    + "must commit or roll back with the change it records");
        }
        String topic = properties.getTopic();
        SpecificRecord payload = event.payload();
        PositionFields fields = PositionFields.of(payload.getSchema());

        fields.set(payload, PositionSlots.PROBE);
        byte[] probe = valueSerializer.serialize(topic, payload);
        fields.set(payload, PositionSlots.PLACEHOLDER);
        byte[] value = valueSerializer.serialize(topic, payload);
        PositionSlots slots = PositionSlots.locate(value, probe);
        checked.computeIfAbsent(payload.getSchema(), schema -> check(topic, payload, fields, value, slots));

        jdbc.update("""
                INSERT INTO outbox_pending (event_id, aggregatetype, aggregateid, type, payload, sequence_offset,
                                            hash_offset, ce_source, ce_time, ce_subject, topic)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                event.eventId(), properties.getAggregateType(), event.caseId(), event.eventType(), value,
                slots.sequenceOffset(), slots.hashOffset(), properties.getSource(),
                Timestamp.from(event.occurredAt().truncatedTo(ChronoUnit.MICROS)), event.caseId(), topic);
        wakeSequencerAfterCommit();
        return new AppendedEvent(event.eventId());
    }

    /** Once per transaction, however many events it appends (a poll applied in the inbox may append hundreds). */
    private void wakeSequencerAfterCommit() {
        if (TransactionSynchronizationManager.hasResource(this)) {
            return;
        }
        TransactionSynchronizationManager.bindResource(this, Boolean.TRUE);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                committed.run();
            }

            @Override
            public void afterCompletion(int status) {
                TransactionSynchronizationManager.unbindResourceIfPossible(OutboxWriter.this);
            }
        });
    }

    /** Placing a position into the bytes gives what the serializer writes for the record at that position. */
    private Boolean check(String topic, SpecificRecord payload, PositionFields fields, byte[] value,
            PositionSlots slots) {
        fields.set(payload, CHECK);
        byte[] expected = valueSerializer.serialize(topic, payload);
        fields.set(payload, PositionSlots.PLACEHOLDER);
        if (!Arrays.equals(expected, slots.place(value, CHECK))) {
            throw new IllegalStateException("The ledger position of " + payload.getSchema().getFullName()
                    + " cannot be placed into its serialized bytes: the value serializer does not write plain "
                    + "Avro binary");
        }
        return Boolean.TRUE;
    }

    public String topic() {
        return properties.getTopic();
    }
}
