package it.rete.partner.referral;

/** What can happen to a referral, and which side of it may make it happen. */
public enum ReferralTransition {
    ACCEPT(Party.ADDRESSEE),
    DECLINE(Party.ADDRESSEE),
    WITHDRAW(Party.SENDER),
    RECORD_PLACEMENT(Party.ADDRESSEE),
    COMPLETE(Party.ADDRESSEE),
    /** The addressee's deadline timers: a reminder, overdue at the due-by date, expiry after the grace period. */
    REMIND(Party.ADDRESSEE),
    REPORT_OVERDUE(Party.ADDRESSEE),
    EXPIRE(Party.ADDRESSEE);

    /** The two partners of a referral. */
    public enum Party { SENDER, ADDRESSEE }

    private final Party actor;

    ReferralTransition(Party actor) {
        this.actor = actor;
    }

    public Party actor() {
        return actor;
    }

    /** The addressee's reminder while the referral is unanswered: what it causes may cross a withdrawal. */
    public boolean reminds() {
        return this == REMIND || this == REPORT_OVERDUE;
    }
}
