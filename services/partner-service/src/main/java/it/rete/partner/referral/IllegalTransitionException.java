package it.rete.partner.referral;

import java.util.UUID;

import it.rete.partner.RuleViolationException;

/** A referral was asked to change state in a way its lifecycle does not allow. Nothing is written. */
public class IllegalTransitionException extends RuleViolationException {

    private final UUID referralId;
    private final ReferralState state;
    private final ReferralTransition transition;

    public IllegalTransitionException(UUID referralId, ReferralState state, ReferralTransition transition, String why) {
        super("illegal-transition", "Referral " + referralId + ": " + why);
        this.referralId = referralId;
        this.state = state;
        this.transition = transition;
    }

    public UUID referralId() {
        return referralId;
    }

    public ReferralState state() {
        return state;
    }

    public ReferralTransition transition() {
        return transition;
    }
}
