package it.rete.partner.caseflow;

import java.time.Instant;
import java.util.List;

/**
 * A case as this partner knows it. The partner that opened it knows its intake attributes; a partner that
 * received a referral knows only the pseudonymous id, the owner and what happened since.
 */
public record CaseFile(String caseId, String ownerPartnerId, CaseStatus status, String territory, String sector,
                       String intakeChannel, String preferredLanguage, List<String> vulnerabilityFlags,
                       String closureReason, String closureText, Instant openedAt, Instant closedAt) {

    public boolean isOwnedBy(String partnerId) {
        return ownerPartnerId.equals(partnerId);
    }
}
