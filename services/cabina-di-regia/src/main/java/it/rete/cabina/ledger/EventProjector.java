package it.rete.cabina.ledger;

import java.util.List;

import it.rete.cabina.live.IndicatorChanges;
import it.rete.contracts.Envelope;
import it.rete.plumbing.deadletter.UnprocessableEventException;
import it.rete.plumbing.inbox.ProcessedEvents;
import it.rete.plumbing.ledger.LedgerRecords;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies ledger events to the projection, a poll's worth of records per transaction (a replay of the whole history
 * commits once per batch, not once per event). The projection change and the record that each event was processed
 * commit together, so a redelivered or duplicated event changes nothing. A record that can never be applied ends
 * the transaction before it: the records before it commit, and the plumbing's error handler sends it to the
 * dead-letter topic and delivers the rest again.
 */
@Component
public class EventProjector {

    private static final Logger log = LoggerFactory.getLogger(EventProjector.class);

    private final ProcessedEvents processedEvents;
    private final ProjectionWriter projection;
    private final IndicatorChanges changes;
    private final TransactionTemplate transaction;

    EventProjector(ProcessedEvents processedEvents, ProjectionWriter projection, IndicatorChanges changes,
                   TransactionTemplate transaction) {
        this.processedEvents = processedEvents;
        this.projection = projection;
        this.changes = changes;
        this.transaction = transaction;
    }

    /**
     * @throws BatchListenerFailedException naming the first record that can never be applied, after the records
     *     before it were committed
     */
    public void project(List<? extends ConsumerRecord<String, ?>> records) {
        Unprocessable failure = transaction.execute(status -> {
            for (int i = 0; i < records.size(); i++) {
                try {
                    projectOne(records.get(i));
                } catch (UnprocessableEventException e) {
                    return new Unprocessable(i, e);
                }
            }
            return null;
        });
        changes.signal();
        if (failure != null) {
            throw new BatchListenerFailedException(failure.cause().getMessage(), failure.cause(),
                    records.get(failure.index()));
        }
    }

    private record Unprocessable(int index, UnprocessableEventException cause) {
    }

    /** Checks everything that can make a record unprocessable before it writes anything. */
    private void projectOne(ConsumerRecord<String, ?> record) {
        SpecificRecord event = LedgerRecords.requireOwnedEvent(LedgerRecords.requireReadable(record));
        Envelope envelope = (Envelope) LedgerRecords.envelope(event);
        if (!processedEvents.firstDelivery(envelope.getEventId(), record.topic(), record.partition(),
                record.offset())) {
            log.debug("Event {} at {} was already projected", envelope.getEventId(), LedgerRecords.position(record));
            return;
        }
        projection.apply(event);
    }
}
