package it.rete.partner.referral;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A request from one partner to another to help the person of a case, and where it stands.
 *
 * @param serviceId    the addressee's service in the network directory, or null when the referral names the
 *                     partner only
 * @param overdueSince when the addressee reported it unanswered past its due-by date (ReferralOverdue), or null
 * @param unansweredEventIds its events from while it was unanswered (the ReferralSent, the addressee's reminders and
 *                     overdue reports): an answer and a withdrawal crossed on the network only when the later one
 *                     was caused by one of them (bookkeeping of the lifecycle, not shown by the API)
 */
public record Referral(UUID referralId, String caseId, String senderPartnerId, String toPartnerId,
                       String serviceType, String urgency, Instant dueBy, ReferralState state,
                       String declineReasonCode, String declineReasonText, String withdrawReason,
                       String outcome, String outcomeReason, UUID sentEventId, UUID lastEventId,
                       Instant sentAt, Instant updatedAt, String serviceId, Instant overdueSince,
                       @JsonIgnore List<UUID> unansweredEventIds) {

    public Referral {
        unansweredEventIds = List.copyOf(unansweredEventIds);
    }

    /** The referral after the event {@code eventId}, at {@code at}, moved it to {@code to}. */
    Referral movedTo(ReferralState to, UUID eventId, Instant at) {
        return new Referral(referralId, caseId, senderPartnerId, toPartnerId, serviceType, urgency, dueBy, to,
                declineReasonCode, declineReasonText, withdrawReason, outcome, outcomeReason, sentEventId, eventId,
                sentAt, at, serviceId, overdueSince, unansweredEventIds);
    }

    Referral declined(String reasonCode, String reasonText) {
        return new Referral(referralId, caseId, senderPartnerId, toPartnerId, serviceType, urgency, dueBy, state,
                reasonCode, reasonText, withdrawReason, outcome, outcomeReason, sentEventId, lastEventId,
                sentAt, updatedAt, serviceId, overdueSince, unansweredEventIds);
    }

    Referral withdrawn(String reason) {
        return new Referral(referralId, caseId, senderPartnerId, toPartnerId, serviceType, urgency, dueBy, state,
                declineReasonCode, declineReasonText, reason, outcome, outcomeReason, sentEventId, lastEventId,
                sentAt, updatedAt, serviceId, overdueSince, unansweredEventIds);
    }

    Referral completed(String outcome, String reason) {
        return new Referral(referralId, caseId, senderPartnerId, toPartnerId, serviceType, urgency, dueBy, state,
                declineReasonCode, declineReasonText, withdrawReason, outcome, reason, sentEventId, lastEventId,
                sentAt, updatedAt, serviceId, overdueSince, unansweredEventIds);
    }

    Referral overdueSince(Instant at) {
        return new Referral(referralId, caseId, senderPartnerId, toPartnerId, serviceType, urgency, dueBy, state,
                declineReasonCode, declineReasonText, withdrawReason, outcome, outcomeReason, sentEventId,
                lastEventId, sentAt, updatedAt, serviceId, at, unansweredEventIds);
    }

    /** The referral after the addressee's reminder or overdue report {@code eventId}: one more unanswered event. */
    Referral remindedBy(UUID eventId) {
        List<UUID> ids = new ArrayList<>(unansweredEventIds);
        ids.add(eventId);
        return new Referral(referralId, caseId, senderPartnerId, toPartnerId, serviceType, urgency, dueBy, state,
                declineReasonCode, declineReasonText, withdrawReason, outcome, outcomeReason, sentEventId,
                lastEventId, sentAt, updatedAt, serviceId, overdueSince, ids);
    }

    /** Unanswered past its due-by date at {@code now}: what an operator's inbox highlights. */
    public boolean isOverdueAt(Instant now) {
        return state == ReferralState.REQUESTED && dueBy.isBefore(now);
    }
}
