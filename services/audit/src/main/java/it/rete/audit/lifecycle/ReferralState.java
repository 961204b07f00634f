package it.rete.audit.lifecycle;

/** The referral lifecycle's states (the same as the partner services'). */
public enum ReferralState {
    REQUESTED, ACCEPTED, IN_PROGRESS, COMPLETED, DECLINED, WITHDRAWN,
    /** Unanswered for the grace period after its due-by date (ReferralExpired, since contract version 3). */
    EXPIRED;

    /** Under way: a case with such a referral may not be closed. */
    public boolean active() {
        return this == REQUESTED || this == ACCEPTED || this == IN_PROGRESS;
    }
}
