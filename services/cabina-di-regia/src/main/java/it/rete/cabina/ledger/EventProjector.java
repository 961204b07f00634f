package it.rete.cabina.ledger;

import it.rete.cabina.live.IndicatorChanges;
import it.rete.contracts.Envelope;
import it.rete.plumbing.deadletter.UnprocessableEventException;
import it.rete.plumbing.inbox.ProcessedEvents;
import it.rete.plumbing.ledger.LedgerTopics;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Applies one ledger event to the projection. The projection change and the record that the event was processed
 * commit together, so a redelivered or duplicated event changes nothing.
 */
@Component
public class EventProjector {

    private static final Logger log = LoggerFactory.getLogger(EventProjector.class);

    private final ProcessedEvents processedEvents;
    private final ProjectionWriter projection;
    private final IndicatorChanges changes;

    EventProjector(ProcessedEvents processedEvents, ProjectionWriter projection, IndicatorChanges changes) {
        this.processedEvents = processedEvents;
        this.projection = projection;
        this.changes = changes;
    }

    @Transactional
    public void project(ConsumerRecord<String, ?> record) {
        Schema.Field envelopeField = record.value() instanceof SpecificRecord event
                ? event.getSchema().getField("envelope") : null;
        if (envelopeField == null) {
            throw new UnprocessableEventException("Record at " + position(record) + " is not a Rete event");
        }
        SpecificRecord event = (SpecificRecord) record.value();
        Envelope envelope = (Envelope) event.get(envelopeField.pos());
        String ledgerOwner = LedgerTopics.ownerOf(record.topic());
        if (!envelope.getSourcePartnerId().equals(ledgerOwner)) {
            throw new UnprocessableEventException("Event " + envelope.getEventId() + " claims to come from "
                    + envelope.getSourcePartnerId() + " but was written to the ledger of " + ledgerOwner);
        }
        if (!processedEvents.firstDelivery(envelope.getEventId(), record.topic(), record.partition(),
                record.offset())) {
            log.debug("Event {} at {} was already projected", envelope.getEventId(), position(record));
            return;
        }
        projection.apply(event);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                changes.signal();
            }
        });
    }

    private static String position(ConsumerRecord<String, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }
}
