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

    private ReferralLifecycle() {
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
