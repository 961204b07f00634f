package it.rete.loadgen.bench;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import it.rete.contracts.Envelope;
import it.rete.contracts.ReferralSent;
import it.rete.contracts.ServiceType;
import it.rete.contracts.Urgency;
import it.rete.plumbing.outbox.LedgerPosition;

/** A typical ledger event: a referral without a dossier, as the partner services write most of them. */
final class Events {

    private Events() {
    }

    static ReferralSent referralSent() {
        String caseId = UUID.randomUUID().toString();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return ReferralSent.newBuilder()
                .setEnvelope(Envelope.newBuilder()
                        .setEventId(UUID.randomUUID())
                        .setOccurredAt(now)
                        .setSourcePartnerId("prefettura-sui")
                        .setCaseId(caseId)
                        .setCorrelationId(caseId)
                        .setCausationId(null)
                        .setSequence(4_711)
                        .setPreviousEventHash(LedgerPosition.GENESIS_HASH)
                        .build())
                .setReferralId(UUID.randomUUID())
                .setToPartnerId("lule-outreach")
                .setServiceType(ServiceType.JOB_ORIENTATION)
                .setUrgency(Urgency.PRIORITY)
                .setDueBy(now.plus(Duration.ofDays(3)))
                .build();
    }
}
