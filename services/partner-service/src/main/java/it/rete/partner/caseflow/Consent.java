package it.rete.partner.caseflow;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import it.rete.contracts.ConsentPurpose;

/** What the person agreed to, or the legal basis that applies without consent. The latest one is in force. */
public record Consent(UUID eventId, String caseId, List<String> purposes, List<String> allowedRecipients,
                      String legalBasisOverride, String overrideReason, Instant recordedAt) {

    public boolean allowsReferralTo(String partnerId) {
        if (legalBasisOverride != null) {
            return true;
        }
        return purposes.contains(ConsentPurpose.REFERRAL.name()) && allowedRecipients.contains(partnerId);
    }
}
