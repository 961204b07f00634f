package it.rete.plumbing.inbox;

import java.util.UUID;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Consumer idempotency: call {@link #firstDelivery} in the transaction that applies an event's effect and skip the
 * effect when it returns false. The record of processing commits or rolls back with the effect.
 */
@Transactional(propagation = Propagation.MANDATORY)
public class ProcessedEvents {

    private final JdbcTemplate jdbc;

    public ProcessedEvents(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** True if {@code eventId} was not processed before (and is now recorded as processed by this transaction). */
    public boolean firstDelivery(UUID eventId, String topic, int partition, long offset) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalTransactionStateException("ProcessedEvents.firstDelivery needs the transaction that "
                    + "applies the event's effect");
        }
        return jdbc.update("""
                INSERT INTO processed_event (event_id, source_topic, partition, "offset")
                VALUES (?, ?, ?, ?)
                ON CONFLICT (event_id) DO NOTHING
                """, eventId, topic, partition, offset) == 1;
    }

    /** Whether {@code eventId} has been processed (committed, or earlier in this transaction). */
    public boolean isProcessed(UUID eventId) {
        Integer count = jdbc.queryForObject("SELECT count(*) FROM processed_event WHERE event_id = ?", Integer.class,
                eventId);
        return count != null && count > 0;
    }
}
