package it.rete.partner.inbox;

import java.util.ArrayList;
import java.util.List;

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
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies events of other partners' ledgers to this partner's state, a poll's records in one transaction (one commit
 * for the poll, not one per event). Each event's effect and the record that it was processed are written together,
 * so a redelivered event changes nothing. When a record of the poll fails, the poll is applied again with each record
 * in a savepoint of its own: one that turns out to be inapplicable after it wrote something is rolled back alone,
 * the records before it commit, and the plumbing's error handler dead-letters it and delivers the rest again.
 */
@Component
public class RemoteEventApplier {

    private static final Logger log = LoggerFactory.getLogger(RemoteEventApplier.class);

    private final ProcessedEvents processedEvents;
    private final CaseService cases;
    private final ReferralService referrals;
    private final DossierService dossiers;
    private final TransactionTemplate poll;
    private final TransactionTemplate savepoint;

    RemoteEventApplier(ProcessedEvents processedEvents, CaseService cases, ReferralService referrals,
                       DossierService dossiers, PlatformTransactionManager transactions) {
        this.processedEvents = processedEvents;
        this.cases = cases;
        this.referrals = referrals;
        this.dossiers = dossiers;
        this.poll = new TransactionTemplate(transactions);
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    /**
     * Applies {@code records} in order, in one transaction.
     *
     * @throws BatchListenerFailedException naming the first record that was not applied, after the records before
     *     it were committed: one that can never be applied (its cause an {@link UnprocessableEventException}: it goes
     *     to the dead-letter topic), or one that failed for a reason that may pass (it and the rest are delivered
     *     again after a pause). When the transaction itself fails, none is applied and the first is named.
     */
    public void applyAll(List<? extends ConsumerRecord<String, ?>> records) {
        if (appliedWithoutSavepoints(records)) {
            return;
        }
        NotApplied notApplied;
        List<String> applied = new ArrayList<>(records.size());
        try {
            notApplied = poll.execute(status -> applyInOrder(records, applied));
        } catch (RuntimeException e) {
            throw new BatchListenerFailedException("No record of the poll was applied: " + e.getMessage(), e,
                    records.get(0));
        }
        logApplied(applied);
        if (notApplied != null) {
            throw new BatchListenerFailedException(notApplied.cause().getMessage(), notApplied.cause(),
                    records.get(notApplied.index()));
        }
    }

    /**
     * The usual poll, where every record applies: one transaction without a savepoint per record (two statements
     * fewer for each). When one fails, nothing of the poll is kept and it is applied again record by record.
     */
    private boolean appliedWithoutSavepoints(List<? extends ConsumerRecord<String, ?>> records) {
        List<String> applied = new ArrayList<>(records.size());
        try {
            poll.executeWithoutResult(status -> records.forEach(record -> addIfApplied(applied, apply(record))));
        } catch (RuntimeException e) {
            log.debug("A record of the poll was not applied ({}): applying it record by record", e.toString());
            return false;
        }
        logApplied(applied);
        return true;
    }

    private NotApplied applyInOrder(List<? extends ConsumerRecord<String, ?>> records, List<String> applied) {
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<String, ?> record = records.get(i);
            try {
                String what = savepoint.execute(status -> apply(record));
                addIfApplied(applied, what);
            } catch (TransactionException e) {
                // the savepoint could not be set, released or rolled back to: the whole transaction is lost
                throw e;
            } catch (RuntimeException e) {
                // rolled back to its savepoint; the records before it are kept
                return new NotApplied(i, e);
            }
        }
        return null;
    }

    private record NotApplied(int index, RuntimeException cause) {
    }

    /** Logged once the transaction that applied them has committed: a poll applied again is not logged twice. */
    private static void logApplied(List<String> applied) {
        applied.forEach(what -> log.info("Applied {}", what));
    }

    private static void addIfApplied(List<String> applied, String what) {
        if (what != null) {
            applied.add(what);
        }
    }

    /** Applies the record; what it applied, or null when it changed nothing here (or was applied before). */
    private String apply(ConsumerRecord<String, ?> record) {
        SpecificRecord event = LedgerRecords.requireOwnedEvent(LedgerRecords.requireReadable(record));
        Envelope envelope = (Envelope) LedgerRecords.envelope(event);
        String ledgerOwner = envelope.getSourcePartnerId();
        if (!processedEvents.firstDelivery(envelope.getEventId(), record.topic(), record.partition(), record.offset())) {
            log.debug("Event {} at {} was already applied", envelope.getEventId(), LedgerRecords.position(record));
            return null;
        }
        try {
            boolean applied = referrals.applyRemote(event) || cases.applyRemote(event) || dossiers.applyRemote(event);
            return applied ? event.getSchema().getName() + " " + envelope.getEventId() + " from " + ledgerOwner : null;
        } catch (RuleViolationException | NotFoundException e) {
            throw new UnprocessableEventException(event.getSchema().getName() + " " + envelope.getEventId()
                    + " at " + LedgerRecords.position(record) + " cannot be applied: " + e.getMessage(), e);
        }
    }
}
