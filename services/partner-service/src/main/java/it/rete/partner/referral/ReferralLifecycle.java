package it.rete.partner.referral;

import static it.rete.partner.referral.ReferralState.ACCEPTED;
import static it.rete.partner.referral.ReferralState.COMPLETED;
import static it.rete.partner.referral.ReferralState.DECLINED;
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
        return to;
    }

    private static String describe(ReferralTransition transition) {
        return switch (transition) {
            case ACCEPT -> "be accepted";
            case DECLINE -> "be declined";
            case WITHDRAW -> "be withdrawn";
            case RECORD_PLACEMENT -> "get a placement";
            case COMPLETE -> "be completed";
        };
    }
}
