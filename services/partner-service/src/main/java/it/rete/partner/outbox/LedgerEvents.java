package it.rete.partner.outbox;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.function.Function;

import it.rete.contracts.Envelope;
import it.rete.partner.caseflow.CaseTimeline;
import it.rete.partner.network.NetworkProperties;
import it.rete.plumbing.outbox.OutboxEvent;
import it.rete.plumbing.outbox.OutboxWriter;
import it.rete.plumbing.outbox.PositionSlots;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes an event to this partner's ledger, in the caller's transaction: the event is published if and only if
 * the transaction commits. The event also goes on the case's timeline. Its ledger sequence and previous hash are
 * assigned after the commit, by the outbox sequencer (which fills in the timeline's sequence too).
 */
@Component
public class LedgerEvents {

    /** What the caller may rely on of an event it wrote: not its sequence, assigned after the commit. */
    public record WrittenEvent(UUID eventId, Instant occurredAt, String sourcePartnerId) {
    }

    private final OutboxWriter outbox;
    private final CaseTimeline timeline;
    private final String partnerId;
    private final Clock clock;

    LedgerEvents(OutboxWriter outbox, CaseTimeline timeline, NetworkProperties network, Clock clock) {
        this.outbox = outbox;
        this.timeline = timeline;
        this.partnerId = network.partnerId();
        this.clock = clock;
    }

    /**
     * @param causationId the event this one answers, or null when an operator acted on their own
     * @param body        builds the event around its envelope (whose position is a placeholder until sequenced)
     * @return the event written
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public WrittenEvent record(String caseId, UUID causationId, Function<Envelope, ? extends SpecificRecord> body) {
        UUID eventId = UUID.randomUUID();
        // the contracts carry milliseconds; the CloudEvents time header must say the same instant
        Instant occurredAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Envelope envelope = Envelope.newBuilder()
                .setEventId(eventId)
                .setOccurredAt(occurredAt)
                .setSourcePartnerId(partnerId)
                .setCaseId(caseId)
                .setCorrelationId(caseId)
                .setCausationId(causationId)
                .setSequence(PositionSlots.PLACEHOLDER.sequence())
                .setPreviousEventHash(PositionSlots.PLACEHOLDER.previousEventHash())
                .build();
        SpecificRecord event = body.apply(envelope);
        timeline.addOwn(envelope, event);
        outbox.append(new OutboxEvent(eventId, event.getSchema().getFullName(), caseId, occurredAt, event));
        return new WrittenEvent(eventId, occurredAt, partnerId);
    }
}
