package it.rete.partner.referral;

import java.time.Instant;
import java.util.UUID;

/** A request from one partner to another to help the person of a case, and where it stands. */
public record Referral(UUID referralId, String caseId, String senderPartnerId, String toPartnerId,
                       String serviceType, String urgency, Instant dueBy, ReferralState state,
                       String declineReasonCode, String declineReasonText, String withdrawReason,
                       String outcome, String outcomeReason, UUID sentEventId, UUID lastEventId,
                       Instant sentAt, Instant updatedAt) {

    /** The referral after the event {@code eventId}, at {@code at}, moved it to {@code to}. */
    Referral movedTo(ReferralState to, UUID eventId, Instant at) {
        return new Referral(referralId, caseId, senderPartnerId, toPartnerId, serviceType, urgency, dueBy, to,
                declineReasonCode, declineReasonText, withdrawReason, outcome, outcomeReason, sentEventId, eventId,
                sentAt, at);
    }

    Referral declined(String reasonCode, String reasonText) {
        return new Referral(referralId, caseId, senderPartnerId, toPartnerId, serviceType, urgency, dueBy, state,
                reasonCode, reasonText, withdrawReason, outcome, outcomeReason, sentEventId, lastEventId,
                sentAt, updatedAt);
    }

    Referral withdrawn(String reason) {
        return new Referral(referralId, caseId, senderPartnerId, toPartnerId, serviceType, urgency, dueBy, state,
                declineReasonCode, declineReasonText, reason, outcome, outcomeReason, sentEventId, lastEventId,
                sentAt, updatedAt);
    }

    Referral completed(String outcome, String reason) {
        return new Referral(referralId, caseId, senderPartnerId, toPartnerId, serviceType, urgency, dueBy, state,
                declineReasonCode, declineReasonText, withdrawReason, outcome, reason, sentEventId, lastEventId,
                sentAt, updatedAt);
    }
}
