package it.rete.partner.referral;

/** Where a referral stands. Terminal states accept no further transition. */
public enum ReferralState {
    REQUESTED,
    ACCEPTED,
    DECLINED,
    WITHDRAWN,
    IN_PROGRESS,
    COMPLETED;

    public boolean isTerminal() {
        return this == DECLINED || this == WITHDRAWN || this == COMPLETED;
    }
}
