package it.rete.partner.referral;

import static it.rete.partner.referral.ReferralState.ACCEPTED;
import static it.rete.partner.referral.ReferralState.COMPLETED;
import static it.rete.partner.referral.ReferralState.DECLINED;
import static it.rete.partner.referral.ReferralState.EXPIRED;
import static it.rete.partner.referral.ReferralState.IN_PROGRESS;
import static it.rete.partner.referral.ReferralState.REQUESTED;
import static it.rete.partner.referral.ReferralState.WITHDRAWN;

import java.util.EnumMap;
import java.util.Map;

/**
 * The one place that decides whether a referral may change state. Commands from this partner's operators and
 * events read from other partners' ledgers both go through {@link #next}, so every service enforces the same rules.
 *
 * <pre>
 * REQUESTED --accept--> ACCEPTED --placement--> IN_PROGRESS --complete--> COMPLETED
 *     |                                              ^   |
 *     +--decline--> DECLINED                         +---+ further placements
 *     +--withdraw--> WITHDRAWN
 *     +--remind, report overdue (stays REQUESTED)
 *     +--expire--> EXPIRED          (the addressee's timers; overdue and expiry not before the due-by date)
 * </pre>
 *
 * <p>Each partner holds its own copy, so a withdrawal and the addressee's answer can cross on the network. <b>The
 * addressee's answer stands</b>: it acts on the referral, and may have placed the person before the withdrawal
 * reached it. So a withdrawal read after an answer changes nothing, and the sender, reading an answer after its own
 * withdrawal, moves to that answer; reminders and overdue reports that crossed the withdrawal change nothing. Both
 * copies end in the same state whatever the order they read the two events in. Only events of the other party can
 * cross ({@link #nextRemote}); this partner's own commands follow the table above alone.
 */
public final class ReferralLifecycle {

    private static final Map<ReferralState, Map<ReferralTransition, ReferralState>> ALLOWED =
            new EnumMap<>(ReferralState.class);

    static {
        allow(REQUESTED, ReferralTransition.ACCEPT, ACCEPTED);
        allow(REQUESTED, ReferralTransition.DECLINE, DECLINED);
        allow(REQUESTED, ReferralTransition.WITHDRAW, WITHDRAWN);
        allow(ACCEPTED, ReferralTransition.RECORD_PLACEMENT, IN_PROGRESS);
        allow(IN_PROGRESS, ReferralTransition.RECORD_PLACEMENT, IN_PROGRESS);
        allow(IN_PROGRESS, ReferralTransition.COMPLETE, COMPLETED);
        allow(REQUESTED, ReferralTransition.REMIND, REQUESTED);
        allow(REQUESTED, ReferralTransition.REPORT_OVERDUE, REQUESTED);
        allow(REQUESTED, ReferralTransition.EXPIRE, EXPIRED);
    }

    /** From the state this partner's own decision made, what the other party's crossing event leads to. */
    private static final Map<ReferralState, Map<ReferralTransition, ReferralState>> CROSSINGS =
            new EnumMap<>(ReferralState.class);

    static {
        cross(WITHDRAWN, ReferralTransition.ACCEPT, ACCEPTED);
        cross(WITHDRAWN, ReferralTransition.DECLINE, DECLINED);
        cross(WITHDRAWN, ReferralTransition.EXPIRE, EXPIRED);
        cross(WITHDRAWN, ReferralTransition.REMIND, WITHDRAWN);
        cross(WITHDRAWN, ReferralTransition.REPORT_OVERDUE, WITHDRAWN);
        for (ReferralState answered : new ReferralState[] {ACCEPTED, DECLINED, EXPIRED, IN_PROGRESS, COMPLETED}) {
            cross(answered, ReferralTransition.WITHDRAW, answered);
        }
    }

    /**
     * Where an event of the other party leads.
     *
     * @param to      the state after it
     * @param crossed it crossed this partner's own decision on the network (a withdrawal against an answer)
     */
    public record RemoteStep(ReferralState to, boolean crossed) {
    }

    private ReferralLifecycle() {
    }

    private static void cross(ReferralState from, ReferralTransition transition, ReferralState to) {
        CROSSINGS.computeIfAbsent(from, s -> new EnumMap<>(ReferralTransition.class)).put(transition, to);
    }

    private static void allow(ReferralState from, ReferralTransition transition, ReferralState to) {
        ALLOWED.computeIfAbsent(from, s -> new EnumMap<>(ReferralTransition.class)).put(transition, to);
    }

    /**
     * The state after {@code transition}, made by {@code actingPartnerId}.
     *
     * @throws IllegalTransitionException if the state does not allow it or the partner is not the party that may
     */
    public static ReferralState next(Referral referral, ReferralTransition transition, String actingPartnerId) {
        return next(referral, transition, actingPartnerId, null);
    }

    /**
     * The state after {@code transition}, made by {@code actingPartnerId} at {@code at}. Reporting a referral
     * overdue or expiring it is only legal once its due-by date has passed, so those need {@code at}.
     *
     * @throws IllegalTransitionException if the state, the partner or the time does not allow it
     */
    public static ReferralState next(Referral referral, ReferralTransition transition, String actingPartnerId,
                                     java.time.Instant at) {
        String allowedActor = transition.actor() == ReferralTransition.Party.SENDER
                ? referral.senderPartnerId() : referral.toPartnerId();
        if (!allowedActor.equals(actingPartnerId)) {
            throw new IllegalTransitionException(referral.referralId(), referral.state(), transition,
                    "only the " + transition.actor().name().toLowerCase() + " (" + allowedActor + ") may do this, not "
                            + actingPartnerId);
        }
        ReferralState to = ALLOWED.getOrDefault(referral.state(), Map.of()).get(transition);
        if (to == null) {
            throw new IllegalTransitionException(referral.referralId(), referral.state(), transition,
                    "a referral in state " + referral.state() + " cannot " + describe(transition));
        }
        boolean needsDueByPassed = transition == ReferralTransition.REPORT_OVERDUE
                || transition == ReferralTransition.EXPIRE;
        if (needsDueByPassed && (at == null || at.isBefore(referral.dueBy()))) {
            throw new IllegalTransitionException(referral.referralId(), referral.state(), transition,
                    "a referral cannot " + describe(transition) + " before its due-by date " + referral.dueBy());
        }
        return to;
    }

    /**
     * The step an event read from the other party's ledger makes, {@code transition} by {@code actingPartnerId}
     * at {@code at}, caused by {@code causationId}: the table above, or a crossing with this partner's own
     * withdrawal or answer. It crossed only if it was caused by an event of the referral from while it was
     * unanswered ({@link Referral#unansweredEventIds()}); one caused by that decision, or by anything else, did not.
     *
     * @throws IllegalTransitionException if neither allows it
     */
    public static RemoteStep nextRemote(Referral referral, ReferralTransition transition, String actingPartnerId,
                                        java.time.Instant at, java.util.UUID causationId) {
        ReferralState crossedTo = CROSSINGS.getOrDefault(referral.state(), Map.of()).get(transition);
        if (crossedTo == null) {
            return new RemoteStep(next(referral, transition, actingPartnerId, at), false);
        }
        // the party, and for deadlines the due-by date, as for any other move
        next(referral.movedTo(REQUESTED, referral.lastEventId(), referral.updatedAt()), transition, actingPartnerId,
                at);
        // crossed only if its author had not seen this partner's decision: it was caused by the unanswered referral
        if (!referral.unansweredEventIds().contains(causationId)) {
            throw new IllegalTransitionException(referral.referralId(), referral.state(), transition,
                    "a referral in state " + referral.state() + " cannot " + describe(transition)
                            + ": its cause " + causationId + " is not an event of the referral before it was "
                            + (transition == ReferralTransition.WITHDRAW ? "answered" : "withdrawn")
                            + ", so the two did not cross");
        }
        return new RemoteStep(crossedTo, true);
    }

    private static String describe(ReferralTransition transition) {
        return switch (transition) {
            case ACCEPT -> "be accepted";
            case DECLINE -> "be declined";
            case WITHDRAW -> "be withdrawn";
            case RECORD_PLACEMENT -> "get a placement";
            case COMPLETE -> "be completed";
            case REMIND -> "be reminded of";
            case REPORT_OVERDUE -> "be reported overdue";
            case EXPIRE -> "expire";
        };
    }
}
