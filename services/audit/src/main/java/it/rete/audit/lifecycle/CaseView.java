package it.rete.audit.lifecycle;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import it.rete.audit.verify.Violation;

/** A case, its referrals and the lifecycle violations found while folding its events. */
public final class CaseView {

    final String caseId;
    String ownerPartnerId;
    CaseStatus status = CaseStatus.NOT_OPENED;
    long openedAt;
    long closedAt;
    String closureReason;
    String sector;
    String intakeChannel;
    long lastEventAt;
    int events;
    boolean consentAllowsAll;
    /** The latest consent's recipients, space-separated as recorded. */
    String consentRecipients;
    boolean consentForReferral;
    final Map<UUID, ReferralView> referrals = new LinkedHashMap<>();
    final List<Violation> violations = new ArrayList<>();

    CaseView(String caseId) {
        this.caseId = caseId;
    }

    public String caseId() {
        return caseId;
    }

    public String ownerPartnerId() {
        return ownerPartnerId;
    }

    public CaseStatus status() {
        return status;
    }

    public long openedAt() {
        return openedAt;
    }

    public long closedAt() {
        return closedAt;
    }

    public String closureReason() {
        return closureReason;
    }

    public String sector() {
        return sector;
    }

    public String intakeChannel() {
        return intakeChannel;
    }

    public long lastEventAt() {
        return lastEventAt;
    }

    public int events() {
        return events;
    }

    public Collection<ReferralView> referrals() {
        return referrals.values();
    }

    public List<Violation> violations() {
        return violations;
    }
}
