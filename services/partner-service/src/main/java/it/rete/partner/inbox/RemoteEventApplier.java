package it.rete.partner.inbox;

import it.rete.contracts.Envelope;
import it.rete.partner.NotFoundException;
import it.rete.partner.RuleViolationException;
import it.rete.partner.caseflow.CaseService;
import it.rete.partner.referral.ReferralService;
import it.rete.plumbing.deadletter.UnprocessableEventException;
import it.rete.plumbing.inbox.ProcessedEvents;
import it.rete.plumbing.ledger.LedgerTopics;
import org.apache.avro.specific.SpecificRecord;
import it.rete.partner.dossier.DossierService;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies an event of another partner's ledger to this partner's state. The effect and the record that the event
 * was processed are written in one transaction, so a redelivered event changes nothing.
 */
@Component
public class RemoteEventApplier {

    private static final Logger log = LoggerFactory.getLogger(RemoteEventApplier.class);

    private final ProcessedEvents processedEvents;
    private final CaseService cases;
    private final ReferralService referrals;

    private final DossierService dossiers;

    RemoteEventApplier(ProcessedEvents processedEvents, CaseService cases, ReferralService referrals,
                       DossierService dossiers) {
        this.dossiers = dossiers;
        this.processedEvents = processedEvents;
        this.cases = cases;
        this.referrals = referrals;
    }

    @Transactional
    public void apply(ConsumerRecord<String, ?> record) {
        if (!(record.value() instanceof SpecificRecord event) || event.getSchema().getField("envelope") == null) {
            throw new UnprocessableEventException("Record at " + position(record) + " is not a Rete event");
        }
        Envelope envelope = (Envelope) event.get(event.getSchema().getField("envelope").pos());
        String ledgerOwner = LedgerTopics.ownerOf(record.topic());
        if (!envelope.getSourcePartnerId().equals(ledgerOwner)) {
            throw new UnprocessableEventException("Event " + envelope.getEventId() + " claims to come from "
                    + envelope.getSourcePartnerId() + " but was written to the ledger of " + ledgerOwner);
        }
        if (!processedEvents.firstDelivery(envelope.getEventId(), record.topic(), record.partition(), record.offset())) {
            log.debug("Event {} at {} was already applied", envelope.getEventId(), position(record));
            return;
        }
        try {
            boolean applied = referrals.applyRemote(event) || cases.applyRemote(event) || dossiers.applyRemote(event);
            if (applied) {
                log.info("Applied {} {} from {}", event.getSchema().getName(), envelope.getEventId(), ledgerOwner);
            }
        } catch (RuleViolationException | NotFoundException e) {
            throw new UnprocessableEventException(event.getSchema().getName() + " " + envelope.getEventId()
                    + " at " + position(record) + " cannot be applied: " + e.getMessage(), e);
        }
    }

    private static String position(ConsumerRecord<String, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }
}
