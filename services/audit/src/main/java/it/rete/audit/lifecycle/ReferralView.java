package it.rete.audit.lifecycle;

import java.util.UUID;

/** A referral as the events of its case make it, at the end of the events folded. */
public final class ReferralView {

    final UUID referralId;
    final String caseId;
    final String senderPartnerId;
    final String toPartnerId;
    final String serviceType;
    final String urgency;
    final long sentAt;
    final long dueBy;
    ReferralState state = ReferralState.REQUESTED;
    long answeredAt;
    long completedAt;
    long lastChangeAt;
    String outcome;
    String declineReason;
    int placements;
    /** When the addressee reported it overdue, expired it (0: not). */
    long overdueReportedAt;
    long expiredAt;
    /** The sender withdrew it, even if an answer that crossed the withdrawal stands. */
    boolean withdrawnBySender;
    /**
     * Its events while it was unanswered (the ReferralSent, reminders, overdue reports: a few), what a withdrawal or
     * an answer that crossed the other is caused by. An array, not a set: one is kept for every referral replayed.
     */
    private UUID[] unansweredPhase = new UUID[2];
    private int unansweredEvents;

    ReferralView(UUID referralId, String caseId, String senderPartnerId, String toPartnerId, String serviceType,
            String urgency, long sentAt, long dueBy) {
        this.referralId = referralId;
        this.caseId = caseId;
        this.senderPartnerId = senderPartnerId;
        this.toPartnerId = toPartnerId;
        this.serviceType = serviceType;
        this.urgency = urgency;
        this.sentAt = sentAt;
        this.dueBy = dueBy;
        this.lastChangeAt = sentAt;
    }

    public UUID referralId() {
        return referralId;
    }

    public String caseId() {
        return caseId;
    }

    public String senderPartnerId() {
        return senderPartnerId;
    }

    public String toPartnerId() {
        return toPartnerId;
    }

    public String serviceType() {
        return serviceType;
    }

    public String urgency() {
        return urgency;
    }

    /** Epoch millis of the ReferralSent. */
    public long sentAt() {
        return sentAt;
    }

    public long dueBy() {
        return dueBy;
    }

    public ReferralState state() {
        return state;
    }

    /** When the addressee accepted or declined (0 if not yet). */
    public long answeredAt() {
        return answeredAt;
    }

    public long completedAt() {
        return completedAt;
    }

    public long lastChangeAt() {
        return lastChangeAt;
    }

    public String outcome() {
        return outcome;
    }

    public String declineReason() {
        return declineReason;
    }

    public int placements() {
        return placements;
    }

    public long expiredAt() {
        return expiredAt;
    }

    /** The sender withdrew it; the state says whether an answer that crossed the withdrawal stands. */
    public boolean withdrawnBySender() {
        return withdrawnBySender;
    }

    public long overdueReportedAt() {
        return overdueReportedAt;
    }

    void addUnansweredEvent(UUID eventId) {
        if (unansweredEvents == unansweredPhase.length) {
            unansweredPhase = java.util.Arrays.copyOf(unansweredPhase, unansweredEvents * 2);
        }
        unansweredPhase[unansweredEvents++] = eventId;
    }

    /** {@code eventId} is one of its events from while it was unanswered. */
    boolean isUnansweredEvent(UUID eventId) {
        for (int i = 0; i < unansweredEvents; i++) {
            if (unansweredPhase[i].equals(eventId)) {
                return true;
            }
        }
        return false;
    }

    /** Unanswered after its due-by at {@code instant}. */
    public boolean overdueAt(long instant) {
        return state == ReferralState.REQUESTED && dueBy > 0 && dueBy < instant;
    }
}
