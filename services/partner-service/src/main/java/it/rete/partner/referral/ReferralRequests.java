package it.rete.partner.referral;

import java.time.Instant;
import java.time.LocalDate;

import it.rete.contracts.ContractType;
import it.rete.contracts.DeclineReason;
import it.rete.contracts.PlacementKind;
import it.rete.contracts.ReferralOutcome;
import it.rete.contracts.ServiceType;
import it.rete.contracts.Urgency;
import it.rete.partner.network.NetworkProperties;
import it.rete.partner.dossier.Dossier;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** What an operator sends to refer a case and to answer and follow a referral. */
public final class ReferralRequests {

    private ReferralRequests() {
    }

    /**
     * @param dueBy   when the addressee should answer; by default a period that depends on the urgency
     * @param dossier personal details for the addressee only, sealed for it before they leave this service
     */
    public record SendReferral(
            @NotNull @Pattern(regexp = NetworkProperties.PARTNER_ID_PATTERN) String toPartnerId,
            @NotNull ServiceType serviceType,
            @NotNull Urgency urgency,
            Instant dueBy,
            @Valid Dossier dossier) {

        /** Without a dossier: the referral carries no personal data. */
        public SendReferral(String toPartnerId, ServiceType serviceType, Urgency urgency, Instant dueBy) {
            this(toPartnerId, serviceType, urgency, dueBy, null);
        }
    }

    public record Decline(@NotNull DeclineReason reasonCode, @Size(max = 500) String reasonText) {

        @AssertTrue(message = "reasonText is required when reasonCode is OTHER")
        public boolean isExplained() {
            return reasonCode != DeclineReason.OTHER || (reasonText != null && !reasonText.isBlank());
        }
    }

    public record Withdraw(@Size(max = 500) String reason) {
    }

    public record RecordPlacement(@NotNull PlacementKind kind, ContractType contractType, @NotNull LocalDate startDate) {

        @AssertTrue(message = "contractType is required for REGULAR_EMPLOYMENT and only allowed there")
        public boolean isContractTypeConsistent() {
            return (kind == PlacementKind.REGULAR_EMPLOYMENT) == (contractType != null);
        }
    }

    public record Complete(@NotNull ReferralOutcome outcome, @Size(max = 500) String reason) {

        @AssertTrue(message = "reason is required when the outcome is NOT_SUCCESSFUL")
        public boolean isExplained() {
            return outcome != ReferralOutcome.NOT_SUCCESSFUL || (reason != null && !reason.isBlank());
        }
    }
}
