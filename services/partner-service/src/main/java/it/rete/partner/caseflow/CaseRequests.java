package it.rete.partner.caseflow;

import java.util.List;

import it.rete.contracts.CaseClosureReason;
import it.rete.contracts.ConsentPurpose;
import it.rete.contracts.IntakeChannel;
import it.rete.contracts.LegalBasis;
import it.rete.contracts.Sector;
import it.rete.contracts.VulnerabilityFlag;
import it.rete.partner.api.FreeText;
import it.rete.partner.network.NetworkProperties;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * What an operator sends to open, document and close a case. No field holds a name, document or phone number.
 * Every text and list has a size limit, identifiers a pattern, free text a plain-text character set.
 */
public final class CaseRequests {

    private CaseRequests() {
    }

    public record OpenCase(
            @NotBlank @Size(max = 80) @Pattern(regexp = "[\\p{L}\\p{M}\\p{N} '().,-]+") String territory,
            @NotNull Sector sector,
            @NotNull IntakeChannel intakeChannel,
            @NotNull @Size(max = 35) @Pattern(regexp = "[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8}){0,3}") String preferredLanguage,
            @Size(max = 8) List<@NotNull VulnerabilityFlag> vulnerabilityFlags) {

        public List<VulnerabilityFlag> flags() {
            return vulnerabilityFlags == null ? List.of() : List.copyOf(vulnerabilityFlags);
        }
    }

    public record RecordConsent(
            @NotNull @Size(max = 6) List<@NotNull ConsentPurpose> purposes,
            @NotNull @Size(max = 50) List<@NotNull @Size(max = 63) @Pattern(regexp = NetworkProperties.PARTNER_ID_PATTERN) String> allowedRecipients,
            LegalBasis legalBasisOverride,
            @FreeText String overrideReason) {

        @AssertTrue(message = "a legal-basis override needs its reason, and consent needs at least one purpose")
        public boolean isComplete() {
            if (legalBasisOverride != null) {
                return overrideReason != null && !overrideReason.isBlank();
            }
            return purposes != null && !purposes.isEmpty();
        }
    }

    public record CloseCase(@NotNull CaseClosureReason reason, @FreeText String reasonText) {

        @AssertTrue(message = "reasonText is required when the reason is OTHER")
        public boolean isExplained() {
            return reason != CaseClosureReason.OTHER || (reasonText != null && !reasonText.isBlank());
        }
    }
}
