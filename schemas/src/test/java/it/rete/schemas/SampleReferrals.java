package it.rete.schemas;

import java.time.Instant;
import java.util.UUID;

import it.rete.contracts.Envelope;
import it.rete.contracts.ReferralSent;
import it.rete.contracts.ServiceType;
import it.rete.contracts.Urgency;

/** A ReferralSent with every required field set, for the evolution tests to add the optional ones they look at. */
final class SampleReferrals {

    private SampleReferrals() {
    }

    static ReferralSent.Builder sent(ServiceType serviceType) {
        return ReferralSent.newBuilder()
                .setEnvelope(Envelope.newBuilder()
                        .setEventId(UUID.randomUUID())
                        .setOccurredAt(Instant.parse("2026-11-23T10:00:00Z"))
                        .setSourcePartnerId("prefettura-sui")
                        .setCaseId("case-1")
                        .setCorrelationId("case-1")
                        .setSequence(1)
                        .setPreviousEventHash("0".repeat(64))
                        .build())
                .setReferralId(UUID.randomUUID())
                .setToPartnerId("lule-outreach")
                .setServiceType(serviceType)
                .setUrgency(Urgency.ROUTINE)
                .setDueBy(Instant.parse("2026-11-30T10:00:00Z"));
    }
}
