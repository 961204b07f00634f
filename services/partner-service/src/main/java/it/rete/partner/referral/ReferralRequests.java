package it.rete.partner.referral;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;

import it.rete.contracts.ContractType;
import it.rete.contracts.DeclineReason;
import it.rete.contracts.PlacementKind;
import it.rete.contracts.ReferralOutcome;
import it.rete.contracts.ServiceType;
import it.rete.contracts.Urgency;
import it.rete.partner.api.FreeText;
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
     * @param serviceId   the service of the network directory to refer to: it gives the addressee and the service
     *                    type (which, if given as well, must agree with it)
     * @param toPartnerId the addressee, when no directory service is named
     * @param dueBy       when the addressee should answer; by default a period that depends on the service type
     *                    and the urgency
     * @param dossier     personal details for the addressee only, sealed for it before they leave this service
     */
    public record SendReferral(
            @Size(max = 63) @Pattern(regexp = NetworkProperties.PARTNER_ID_PATTERN) String toPartnerId,
            ServiceType serviceType,
            @NotNull Urgency urgency,
            Instant dueBy,
            @Valid Dossier dossier,
            @Size(max = 127) @Pattern(regexp = "[a-z0-9][a-z0-9-]{1,62}\\.[a-z0-9][a-z0-9-]{0,62}") String serviceId) {

        /** Without a dossier: the referral carries no personal data. */
        public SendReferral(String toPartnerId, ServiceType serviceType, Urgency urgency, Instant dueBy) {
            this(toPartnerId, serviceType, urgency, dueBy, null, null);
        }

        public SendReferral(String toPartnerId, ServiceType serviceType, Urgency urgency, Instant dueBy,
                            Dossier dossier) {
            this(toPartnerId, serviceType, urgency, dueBy, dossier, null);
        }

        @AssertTrue(message = "name a directory service (serviceId), or the partner (toPartnerId) and the serviceType")
        public boolean isAddressed() {
            return serviceId != null || (toPartnerId != null && serviceType != null);
        }

        /** A due-by date in the past is a rule of the network (422); more than a year ahead is a typing error. */
        @AssertTrue(message = "dueBy must be within a year from now")
        public boolean isDueWithinAYear() {
            return dueBy == null || dueBy.isBefore(Instant.now().plus(MAX_DUE_AHEAD));
        }
    }

    static final Duration MAX_DUE_AHEAD = Duration.ofDays(366);
    /** How far from today a placement may start: recorded late, or planned ahead. */
    static final Period PLACEMENT_START_BEFORE = Period.ofYears(1);
    static final Period PLACEMENT_START_AFTER = Period.ofYears(2);

    public record Decline(@NotNull DeclineReason reasonCode, @FreeText String reasonText) {

        @AssertTrue(message = "reasonText is required when reasonCode is OTHER")
        public boolean isExplained() {
            return reasonCode != DeclineReason.OTHER || (reasonText != null && !reasonText.isBlank());
        }
    }

    public record Withdraw(@FreeText String reason) {
    }

    public record RecordPlacement(@NotNull PlacementKind kind, ContractType contractType, @NotNull LocalDate startDate) {

        @AssertTrue(message = "contractType is required for REGULAR_EMPLOYMENT and only allowed there")
        public boolean isContractTypeConsistent() {
            return (kind == PlacementKind.REGULAR_EMPLOYMENT) == (contractType != null);
        }

        @AssertTrue(message = "startDate must be within a year before and two years after today")
        public boolean isStartDateSane() {
            LocalDate today = LocalDate.now();
            return startDate == null || (!startDate.isBefore(today.minus(PLACEMENT_START_BEFORE))
                    && !startDate.isAfter(today.plus(PLACEMENT_START_AFTER)));
        }
    }

    public record Complete(@NotNull ReferralOutcome outcome, @FreeText String reason) {

        @AssertTrue(message = "reason is required when the outcome is NOT_SUCCESSFUL")
        public boolean isExplained() {
            return outcome != ReferralOutcome.NOT_SUCCESSFUL || (reason != null && !reason.isBlank());
        }
    }
}
