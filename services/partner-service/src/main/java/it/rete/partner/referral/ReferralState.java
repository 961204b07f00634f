package it.rete.partner.referral;

/** Where a referral stands. Terminal states accept no further transition. */
public enum ReferralState {
    REQUESTED,
    ACCEPTED,
    DECLINED,
    WITHDRAWN,
    IN_PROGRESS,
    COMPLETED,
    /** Unanswered for the grace period after its due-by date; the sender may refer the case again. */
    EXPIRED;

    public boolean isTerminal() {
        return this == DECLINED || this == WITHDRAWN || this == COMPLETED || this == EXPIRED;
    }
}
