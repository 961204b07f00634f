package it.rete.audit.lifecycle;

import java.util.List;

import it.rete.audit.ledger.LedgerEvent;
import it.rete.audit.verify.Violation;
import it.rete.audit.verify.ViolationKind;

/**
 * Replays the events of one case in causal order through the case and referral lifecycles, as every partner
 * service applies them, and records each change they do not allow instead of applying it:
 *
 * <pre>
 * REQUESTED --accept (addressee)--> ACCEPTED --placement (addressee)--> IN_PROGRESS --complete (addressee)--> COMPLETED
 *     |--decline (addressee)--> DECLINED                                  (further placements stay IN_PROGRESS)
 *     |--withdraw (sender)----> WITHDRAWN
 * </pre>
 *
 * A withdrawal and an answer (acceptance, decline, expiry, reminder, overdue report) can cross on the network,
 * each made before its author read the other: then the answer stands, as at the partners, whichever of the two
 * comes first here. They crossed when the later one's cause is an event of the referral's unanswered phase; one
 * caused by the decision it would cross is illegal. A case may be closed by the sender while a referral it
 * withdrew is under way because the answer crossed the withdrawal: the sender did not know yet.
 *
 * A case is opened once by its owner; only the owner records consent, refers (to a partner the latest consent
 * covers, never itself) and closes it, while it is open; it is closed only when none of its referrals is under way.
 */
public final class CaseFold {

    private CaseFold() {
    }

    /** Folds {@code events} (all of one case, any order). */
    public static CaseView fold(String caseId, List<LedgerEvent> events) {
        CaseView view = new CaseView(caseId);
        for (LedgerEvent event : CausalOrder.sort(events)) {
            apply(view, event);
        }
        return view;
    }

    static void apply(CaseView c, LedgerEvent e) {
        c.events++;
        c.lastEventAt = Math.max(c.lastEventAt, e.occurredAt());
        switch (e.type()) {
            case CASE_OPENED -> {
                if (c.status != CaseStatus.NOT_OPENED) {
                    illegal(c, e, "case " + c.caseId + " was already opened by " + c.ownerPartnerId);
                    return;
                }
                c.status = CaseStatus.OPEN;
                c.ownerPartnerId = e.source();
                c.openedAt = e.occurredAt();
                c.sector = e.sector();
                c.intakeChannel = e.intakeChannel();
            }
            case CONSENT_RECORDED -> {
                if (requireOpenOwnCase(c, e, "record consent for")) {
                    c.consentAllowsAll = e.legalBasisOverride() != null;
                    c.consentForReferral = listed(e.consentPurposes(), "REFERRAL");
                    c.consentRecipients = e.consentRecipients();
                }
            }
            case CASE_CLOSED -> {
                if (!requireOpenOwnCase(c, e, "close")) {
                    return;
                }
                int active = 0;
                for (ReferralView r : c.referrals.values()) {
                    if (r.state.active() && !r.withdrawnBySender) {
                        active++;
                    }
                }
                if (active > 0) {
                    illegal(c, e, "case " + c.caseId + " closed while " + active + " referral(s) were under way");
                    return;
                }
                c.status = CaseStatus.CLOSED;
                c.closedAt = e.occurredAt();
                c.closureReason = e.reasonCode();
            }
            case CASE_ERASED -> {
                // erasure is the owner's, open or closed case alike; it changes no state an auditor replays
                if (c.status == CaseStatus.NOT_OPENED || !e.source().equals(c.ownerPartnerId)) {
                    illegal(c, e, "only the partner that opened case " + c.caseId + " may erase it, not "
                            + e.source());
                }
            }
            case REFERRAL_SENT -> send(c, e);
            default -> transition(c, e);
        }
    }

    private static void send(CaseView c, LedgerEvent e) {
        if (c.referrals.containsKey(e.referralId())) {
            illegal(c, e, "referral " + e.referralId() + " was already sent");
            return;
        }
        if (!requireOpenOwnCase(c, e, "refer")) {
            return;
        }
        if (e.source().equals(e.toPartnerId())) {
            illegal(c, e, "referral " + e.referralId() + ": " + e.source() + " referred the case to itself");
            return;
        }
        if (!c.consentAllowsAll && !(c.consentForReferral && listed(c.consentRecipients, e.toPartnerId()))) {
            illegal(c, e, "referral " + e.referralId() + " to " + e.toPartnerId()
                    + " without a recorded consent (or legal basis) that covers it");
            return;
        }
        ReferralView referral = new ReferralView(e.referralId(), c.caseId, e.source(), e.toPartnerId(),
                e.serviceType(), e.urgency(), e.occurredAt(), e.dueBy());
        referral.addUnansweredEvent(e.eventId());
        c.referrals.put(e.referralId(), referral);
    }

    /** Whether {@code word} is one of the space-separated words of {@code words}, read without splitting them. */
    static boolean listed(String words, String word) {
        if (words == null || word == null || word.isEmpty()) {
            return false;
        }
        for (int at = words.indexOf(word); at >= 0; at = words.indexOf(word, at + 1)) {
            int end = at + word.length();
            if ((at == 0 || words.charAt(at - 1) == ' ') && (end == words.length() || words.charAt(end) == ' ')) {
                return true;
            }
        }
        return false;
    }

    private static void transition(CaseView c, LedgerEvent e) {
        ReferralView r = c.referrals.get(e.referralId());
        String what = describe(e);
        if (r == null) {
            illegal(c, e, "referral " + e.referralId() + " cannot " + what + ": no ReferralSent for it in case "
                    + c.caseId + " precedes it");
            return;
        }
        boolean bySender = e.type() == it.rete.audit.ledger.EventType.REFERRAL_WITHDRAWN;
        String allowed = bySender ? r.senderPartnerId : r.toPartnerId;
        if (!allowed.equals(e.source())) {
            illegal(c, e, "referral " + r.referralId + ": only the " + (bySender ? "sender" : "addressee") + " ("
                    + allowed + ") may " + what + ", not " + e.source());
            return;
        }
        if (e.senderPartnerId() != null && !e.senderPartnerId().equals(r.senderPartnerId)) {
            illegal(c, e, "referral " + r.referralId + ": the event names " + e.senderPartnerId()
                    + " as sender, the referral was sent by " + r.senderPartnerId);
            return;
        }
        ReferralState to = allowed(r.state, e.type());
        boolean crossed = false;
        if (to == null) {
            ReferralState crossedTo = crossing(r.state, e.type());
            if (crossedTo != null && !r.isUnansweredEvent(e.causationId())) {
                illegal(c, e, "referral " + r.referralId + " in state " + r.state + " cannot " + what
                        + ": its cause " + e.causationId() + " is not an event of the referral before it was "
                        + (e.type() == it.rete.audit.ledger.EventType.REFERRAL_WITHDRAWN ? "answered" : "withdrawn")
                        + ", so the two did not cross");
                return;
            }
            to = crossedTo;
            crossed = crossedTo != null;
        }
        if (to == null) {
            illegal(c, e, "referral " + r.referralId + " in state " + r.state + " cannot " + what);
            return;
        }
        boolean needsDueByPassed = e.type() == it.rete.audit.ledger.EventType.REFERRAL_OVERDUE
                || e.type() == it.rete.audit.ledger.EventType.REFERRAL_EXPIRED;
        if (needsDueByPassed && e.occurredAt() < r.dueBy) {
            illegal(c, e, "referral " + r.referralId + " cannot " + what + " before its due-by date "
                    + java.time.Instant.ofEpochMilli(r.dueBy));
            return;
        }
        switch (e.type()) {
            case REFERRAL_ACCEPTED -> r.answeredAt = e.occurredAt();
            case REFERRAL_DECLINED -> {
                r.answeredAt = e.occurredAt();
                r.declineReason = e.reasonCode();
            }
            case REFERRAL_WITHDRAWN -> r.withdrawnBySender = true;
            case PLACEMENT_MADE -> r.placements++;
            case REFERRAL_COMPLETED -> {
                r.completedAt = e.occurredAt();
                r.outcome = e.outcome();
            }
            case REFERRAL_OVERDUE -> r.overdueReportedAt = e.occurredAt();
            case REFERRAL_EXPIRED -> r.expiredAt = e.occurredAt();
            default -> {
            }
        }
        boolean reminder = e.type() == it.rete.audit.ledger.EventType.REFERRAL_DUE_SOON
                || e.type() == it.rete.audit.ledger.EventType.REFERRAL_OVERDUE;
        if (reminder || to == ReferralState.REQUESTED) {
            // unanswered as its author saw it, even when it crossed a withdrawal
            r.addUnansweredEvent(e.eventId());
        }
        if (!crossed || to != r.state) {
            r.state = to;
            r.lastChangeAt = e.occurredAt();
        }
    }

    /** The referral lifecycle's own moves. */
    private static ReferralState allowed(ReferralState state, it.rete.audit.ledger.EventType type) {
        return switch (type) {
            case REFERRAL_ACCEPTED -> state == ReferralState.REQUESTED ? ReferralState.ACCEPTED : null;
            case REFERRAL_DECLINED -> state == ReferralState.REQUESTED ? ReferralState.DECLINED : null;
            case REFERRAL_WITHDRAWN -> state == ReferralState.REQUESTED ? ReferralState.WITHDRAWN : null;
            case PLACEMENT_MADE -> state == ReferralState.ACCEPTED || state == ReferralState.IN_PROGRESS
                    ? ReferralState.IN_PROGRESS : null;
            case REFERRAL_COMPLETED -> state == ReferralState.IN_PROGRESS ? ReferralState.COMPLETED : null;
            case REFERRAL_DUE_SOON, REFERRAL_OVERDUE -> state == ReferralState.REQUESTED
                    ? ReferralState.REQUESTED : null;
            case REFERRAL_EXPIRED -> state == ReferralState.REQUESTED ? ReferralState.EXPIRED : null;
            default -> null;
        };
    }

    /** Where an event leads that crossed the other party's decision: the answer stands. */
    private static ReferralState crossing(ReferralState state, it.rete.audit.ledger.EventType type) {
        if (state == ReferralState.WITHDRAWN) {
            return switch (type) {
                case REFERRAL_ACCEPTED -> ReferralState.ACCEPTED;
                case REFERRAL_DECLINED -> ReferralState.DECLINED;
                case REFERRAL_EXPIRED -> ReferralState.EXPIRED;
                case REFERRAL_DUE_SOON, REFERRAL_OVERDUE -> ReferralState.WITHDRAWN;
                default -> null;
            };
        }
        boolean answered = state != ReferralState.REQUESTED;
        return answered && type == it.rete.audit.ledger.EventType.REFERRAL_WITHDRAWN ? state : null;
    }

    private static boolean requireOpenOwnCase(CaseView c, LedgerEvent e, String action) {
        if (c.status == CaseStatus.NOT_OPENED) {
            illegal(c, e, e.source() + " cannot " + action + " case " + c.caseId + ": no CaseOpened precedes it");
            return false;
        }
        if (!e.source().equals(c.ownerPartnerId)) {
            illegal(c, e, "only " + c.ownerPartnerId + ", which opened case " + c.caseId + ", may " + action
                    + " it, not " + e.source());
            return false;
        }
        if (c.status == CaseStatus.CLOSED) {
            illegal(c, e, e.source() + " cannot " + action + " case " + c.caseId + ": it is closed");
            return false;
        }
        return true;
    }

    private static String describe(LedgerEvent e) {
        return switch (e.type()) {
            case REFERRAL_ACCEPTED -> "be accepted";
            case REFERRAL_DECLINED -> "be declined";
            case REFERRAL_WITHDRAWN -> "be withdrawn";
            case PLACEMENT_MADE -> "get a placement";
            case REFERRAL_COMPLETED -> "be completed";
            case REFERRAL_DUE_SOON -> "be reminded of";
            case REFERRAL_OVERDUE -> "be reported overdue";
            case REFERRAL_EXPIRED -> "expire";
            default -> "change by " + e.type();
        };
    }

    private static void illegal(CaseView c, LedgerEvent e, String message) {
        c.violations.add(new Violation(ViolationKind.ILLEGAL_TRANSITION, e.position(),
                e.type().recordName() + " " + e.eventId() + ": " + message));
    }
}
