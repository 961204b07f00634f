package it.rete.cabina.support;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import it.rete.contracts.CaseClosed;
import it.rete.contracts.CaseClosureReason;
import it.rete.contracts.CaseOpened;
import it.rete.contracts.ContractType;
import it.rete.contracts.DeclineReason;
import it.rete.contracts.Envelope;
import it.rete.contracts.IntakeChannel;
import it.rete.contracts.PlacementKind;
import it.rete.contracts.PlacementMade;
import it.rete.contracts.ReferralAccepted;
import it.rete.contracts.ReferralCompleted;
import it.rete.contracts.ReferralDeclined;
import it.rete.contracts.ReferralOutcome;
import it.rete.contracts.ReferralSent;
import it.rete.contracts.ReferralWithdrawn;
import it.rete.contracts.Sector;
import it.rete.contracts.ServiceType;
import it.rete.contracts.Urgency;
import org.apache.avro.specific.SpecificRecord;

/**
 * Builds ledger events as partner services write them, each with its envelope (sequence numbers per partner).
 * The cabina does not verify hash chains, so the previous-event hash is a constant here.
 */
public final class Events {

    private static final String NO_HASH = "0".repeat(64);
    private final Map<String, Long> sequences = new HashMap<>();

    /** An event and the partner whose ledger it belongs to. */
    public record LedgerEvent(String ledgerOwner, String caseId, SpecificRecord event) {

        public UUID eventId() {
            return ((Envelope) event.get(event.getSchema().getField("envelope").pos())).getEventId();
        }
    }

    private Envelope envelope(String partner, String caseId, Instant at) {
        long sequence = sequences.merge(partner, 1L, Long::sum);
        return Envelope.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(at).setSourcePartnerId(partner)
                .setCaseId(caseId).setCorrelationId(caseId).setCausationId(null).setSequence(sequence)
                .setPreviousEventHash(NO_HASH).build();
    }

    public LedgerEvent caseOpened(String owner, String caseId, Instant at, String territory, Sector sector,
                                  IntakeChannel channel) {
        return new LedgerEvent(owner, caseId, CaseOpened.newBuilder().setEnvelope(envelope(owner, caseId, at))
                .setTerritory(territory).setSector(sector).setIntakeChannel(channel).setPreferredLanguage("pa")
                .setVulnerabilityFlags(List.of()).build());
    }

    public LedgerEvent caseClosed(String owner, String caseId, Instant at) {
        return new LedgerEvent(owner, caseId, CaseClosed.newBuilder().setEnvelope(envelope(owner, caseId, at))
                .setReason(CaseClosureReason.GOALS_MET).build());
    }

    public LedgerEvent referralSent(String sender, String caseId, UUID referralId, String addressee,
                                    ServiceType serviceType, Instant at, Instant dueBy) {
        return new LedgerEvent(sender, caseId, ReferralSent.newBuilder().setEnvelope(envelope(sender, caseId, at))
                .setReferralId(referralId).setToPartnerId(addressee).setServiceType(serviceType)
                .setUrgency(Urgency.ROUTINE).setDueBy(dueBy).build());
    }

    public LedgerEvent accepted(String addressee, String caseId, UUID referralId, String sender, Instant at) {
        return new LedgerEvent(addressee, caseId, ReferralAccepted.newBuilder()
                .setEnvelope(envelope(addressee, caseId, at)).setReferralId(referralId).setSenderPartnerId(sender)
                .build());
    }

    public LedgerEvent declined(String addressee, String caseId, UUID referralId, String sender, DeclineReason reason,
                                Instant at) {
        return new LedgerEvent(addressee, caseId, ReferralDeclined.newBuilder()
                .setEnvelope(envelope(addressee, caseId, at)).setReferralId(referralId).setSenderPartnerId(sender)
                .setReasonCode(reason).setReasonText(reason == DeclineReason.OTHER ? "other" : null).build());
    }

    public LedgerEvent withdrawn(String sender, String caseId, UUID referralId, String addressee, Instant at) {
        return new LedgerEvent(sender, caseId, ReferralWithdrawn.newBuilder().setEnvelope(envelope(sender, caseId, at))
                .setReferralId(referralId).setToPartnerId(addressee).build());
    }

    public LedgerEvent placement(String addressee, String caseId, UUID referralId, String sender, PlacementKind kind,
                                 Instant at) {
        return new LedgerEvent(addressee, caseId, PlacementMade.newBuilder()
                .setEnvelope(envelope(addressee, caseId, at)).setPlacementId(UUID.randomUUID())
                .setReferralId(referralId).setSenderPartnerId(sender).setKind(kind)
                .setContractType(kind == PlacementKind.REGULAR_EMPLOYMENT ? ContractType.SEASONAL : null)
                .setStartDate(LocalDate.ofInstant(at, java.time.ZoneOffset.UTC).plusDays(7)).build());
    }

    public LedgerEvent completed(String addressee, String caseId, UUID referralId, String sender, Instant at) {
        return new LedgerEvent(addressee, caseId, ReferralCompleted.newBuilder()
                .setEnvelope(envelope(addressee, caseId, at)).setReferralId(referralId).setSenderPartnerId(sender)
                .setOutcome(ReferralOutcome.SUCCESSFUL).build());
    }

    public LedgerEvent overdue(String addressee, String caseId, UUID referralId, String sender, Instant dueBy,
                               Instant at) {
        return new LedgerEvent(addressee, caseId, it.rete.contracts.ReferralOverdue.newBuilder()
                .setEnvelope(envelope(addressee, caseId, at)).setReferralId(referralId).setSenderPartnerId(sender)
                .setDueBy(dueBy).build());
    }

    public LedgerEvent expired(String addressee, String caseId, UUID referralId, String sender, Instant dueBy,
                               Instant at) {
        return new LedgerEvent(addressee, caseId, it.rete.contracts.ReferralExpired.newBuilder()
                .setEnvelope(envelope(addressee, caseId, at)).setReferralId(referralId).setSenderPartnerId(sender)
                .setDueBy(dueBy).build());
    }
}
