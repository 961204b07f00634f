package it.rete.partner.inbox;

import it.rete.contracts.Envelope;
import it.rete.partner.NotFoundException;
import it.rete.partner.RuleViolationException;
import it.rete.partner.caseflow.CaseService;
import it.rete.partner.dossier.DossierService;
import it.rete.partner.referral.ReferralService;
import it.rete.plumbing.deadletter.UnprocessableEventException;
import it.rete.plumbing.inbox.ProcessedEvents;
import it.rete.plumbing.ledger.LedgerRecords;
import org.apache.avro.specific.SpecificRecord;
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
        SpecificRecord event = LedgerRecords.requireOwnedEvent(record);
        Envelope envelope = (Envelope) LedgerRecords.envelope(event);
        String ledgerOwner = envelope.getSourcePartnerId();
        if (!processedEvents.firstDelivery(envelope.getEventId(), record.topic(), record.partition(), record.offset())) {
            log.debug("Event {} at {} was already applied", envelope.getEventId(), LedgerRecords.position(record));
            return;
        }
        try {
            boolean applied = referrals.applyRemote(event) || cases.applyRemote(event) || dossiers.applyRemote(event);
            if (applied) {
                log.info("Applied {} {} from {}", event.getSchema().getName(), envelope.getEventId(), ledgerOwner);
            }
        } catch (RuleViolationException | NotFoundException e) {
            throw new UnprocessableEventException(event.getSchema().getName() + " " + envelope.getEventId()
                    + " at " + LedgerRecords.position(record) + " cannot be applied: " + e.getMessage(), e);
        }
    }
}
