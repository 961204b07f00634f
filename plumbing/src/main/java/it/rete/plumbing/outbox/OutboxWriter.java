package it.rete.plumbing.outbox;

import java.sql.Timestamp;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.function.Function;

import javax.sql.DataSource;

import org.apache.kafka.common.serialization.Serializer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Appends events to the partner's ledger through the transactional outbox, inside the caller's transaction.
 *
 * <p>{@link #append} locks the ledger head, hands the next {@link LedgerPosition} to the caller (who puts sequence
 * and previous hash into the event's envelope), serializes the payload exactly as it will appear as the Kafka value,
 * hashes its Avro body, writes the outbox row and moves the head. The relay publishes the row once the transaction
 * commits; if it rolls back (or serialization fails, e.g. registry down) nothing is written and nothing published.
 */
@Transactional(propagation = Propagation.MANDATORY)
public class OutboxWriter {

    private final JdbcTemplate jdbc;
    private final OutboxProperties properties;
    private final Serializer<Object> valueSerializer;

    public OutboxWriter(DataSource dataSource, OutboxProperties properties, Serializer<Object> valueSerializer) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.properties = properties;
        this.valueSerializer = valueSerializer;
        Objects.requireNonNull(properties.getTopic(), "rete.outbox.topic");
        Objects.requireNonNull(properties.getSource(), "rete.outbox.source");
    }

    public AppendedEvent append(Function<LedgerPosition, OutboxEvent> eventFactory) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalTransactionStateException("OutboxWriter.append needs an active transaction: the event "
                    + "must commit or roll back with the change it records");
        }
        String topic = properties.getTopic();
        LedgerPosition position = lockHead(topic);
        OutboxEvent event = Objects.requireNonNull(eventFactory.apply(position), "the event factory returned null");

        byte[] value = valueSerializer.serialize(topic, event.payload());
        String eventHash = HashChain.eventHash(value);

        jdbc.update("""
                INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload, ce_source, ce_time, ce_subject,
                                    topic, sequence, event_hash, previous_hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                event.eventId(), properties.getAggregateType(), event.caseId(), event.eventType(), value,
                properties.getSource(), Timestamp.from(event.occurredAt().truncatedTo(ChronoUnit.MICROS)),
                event.caseId(), topic, position.sequence(), eventHash, position.previousEventHash());
        jdbc.update("UPDATE ledger_head SET last_sequence = ?, last_hash = ? WHERE topic = ?",
                position.sequence(), eventHash, topic);
        return new AppendedEvent(event.eventId(), position.sequence(), eventHash);
    }

    /** The next position of the ledger, with its head row locked until the transaction ends. */
    private LedgerPosition lockHead(String topic) {
        jdbc.update("INSERT INTO ledger_head (topic, last_sequence, last_hash) VALUES (?, 0, ?) "
                + "ON CONFLICT (topic) DO NOTHING", topic, LedgerPosition.GENESIS_HASH);
        return jdbc.queryForObject("SELECT last_sequence, last_hash FROM ledger_head WHERE topic = ? FOR UPDATE",
                (rs, row) -> HashChain.nextPosition(rs.getLong(1), rs.getString(2)), topic);
    }

    public String topic() {
        return properties.getTopic();
    }
}
