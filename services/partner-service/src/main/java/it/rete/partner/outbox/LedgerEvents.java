package it.rete.partner.outbox;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import it.rete.contracts.Envelope;
import it.rete.partner.caseflow.CaseTimeline;
import it.rete.partner.network.NetworkProperties;
import it.rete.plumbing.outbox.OutboxEvent;
import it.rete.plumbing.outbox.OutboxWriter;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes an event to this partner's ledger, in the caller's transaction: the event is published if and only if
 * the transaction commits. The event also goes on the case's timeline.
 */
@Component
public class LedgerEvents {

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
     * @param body        builds the event around its envelope
     * @return the envelope of the event written
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Envelope record(String caseId, UUID causationId, Function<Envelope, ? extends SpecificRecord> body) {
        UUID eventId = UUID.randomUUID();
        // the contracts carry milliseconds; the CloudEvents time header must say the same instant
        Instant occurredAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        var written = new AtomicReference<Envelope>();
        outbox.append(position -> {
            Envelope envelope = Envelope.newBuilder()
                    .setEventId(eventId)
                    .setOccurredAt(occurredAt)
                    .setSourcePartnerId(partnerId)
                    .setCaseId(caseId)
                    .setCorrelationId(caseId)
                    .setCausationId(causationId)
                    .setSequence(position.sequence())
                    .setPreviousEventHash(position.previousEventHash())
                    .build();
            written.set(envelope);
            SpecificRecord event = body.apply(envelope);
            timeline.add(envelope, event);
            return new OutboxEvent(eventId, event.getSchema().getFullName(), caseId, occurredAt, event);
        });
        return written.get();
    }
}
