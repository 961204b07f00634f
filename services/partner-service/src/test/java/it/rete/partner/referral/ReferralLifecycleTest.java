package it.rete.partner.referral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ReferralLifecycleTest {

    private static final String SENDER = "prefettura-sui";
    private static final String ADDRESSEE = "lule-outreach";

    /** The whole table of allowed moves; everything else must be refused. */
    private static final Map<ReferralState, Map<ReferralTransition, ReferralState>> ALLOWED = Map.of(
            ReferralState.REQUESTED, Map.of(
                    ReferralTransition.ACCEPT, ReferralState.ACCEPTED,
                    ReferralTransition.DECLINE, ReferralState.DECLINED,
                    ReferralTransition.WITHDRAW, ReferralState.WITHDRAWN,
                    ReferralTransition.REMIND, ReferralState.REQUESTED,
                    ReferralTransition.REPORT_OVERDUE, ReferralState.REQUESTED,
                    ReferralTransition.EXPIRE, ReferralState.EXPIRED),
            ReferralState.ACCEPTED, Map.of(ReferralTransition.RECORD_PLACEMENT, ReferralState.IN_PROGRESS),
            ReferralState.IN_PROGRESS, Map.of(
                    ReferralTransition.RECORD_PLACEMENT, ReferralState.IN_PROGRESS,
                    ReferralTransition.COMPLETE, ReferralState.COMPLETED));

    @ParameterizedTest
    @EnumSource(ReferralState.class)
    void exactlyTheDocumentedTransitionsAreAllowedFrom(ReferralState from) {
        for (ReferralTransition transition : ReferralTransition.values()) {
            String actor = transition.actor() == ReferralTransition.Party.SENDER ? SENDER : ADDRESSEE;
            ReferralState expected = ALLOWED.getOrDefault(from, Map.of()).get(transition);
            if (expected == null) {
                assertThatThrownBy(() -> ReferralLifecycle.next(referral(from), transition, actor, AFTER_DUE))
                        .isInstanceOf(IllegalTransitionException.class)
                        .hasMessageContaining("state " + from);
            } else {
                assertThat(ReferralLifecycle.next(referral(from), transition, actor, AFTER_DUE)).isEqualTo(expected);
            }
        }
    }

    @Test
    void onlyTheAddresseeAnswersAndOnlyTheSenderWithdraws() {
        assertThatThrownBy(() -> ReferralLifecycle.next(referral(ReferralState.REQUESTED), ReferralTransition.ACCEPT, SENDER))
                .isInstanceOf(IllegalTransitionException.class).hasMessageContaining("only the addressee");
        assertThatThrownBy(() -> ReferralLifecycle.next(referral(ReferralState.REQUESTED), ReferralTransition.WITHDRAW, ADDRESSEE))
                .isInstanceOf(IllegalTransitionException.class).hasMessageContaining("only the sender");
        assertThatThrownBy(() -> ReferralLifecycle.next(referral(ReferralState.REQUESTED), ReferralTransition.DECLINE, "someone-else"))
                .isInstanceOf(IllegalTransitionException.class);
    }

    @Test
    void terminalStatesAreTheOnesWithNoWayOut() {
        Set<ReferralState> terminal = EnumSet.noneOf(ReferralState.class);
        for (ReferralState state : ReferralState.values()) {
            if (!ALLOWED.containsKey(state)) {
                terminal.add(state);
            }
            assertThat(state.isTerminal()).as(state.name()).isEqualTo(!ALLOWED.containsKey(state));
        }
        assertThat(terminal).containsExactlyInAnyOrder(ReferralState.DECLINED, ReferralState.WITHDRAWN,
                ReferralState.COMPLETED, ReferralState.EXPIRED);
    }

    @Test
    void onlyTheAddresseeReportsDeadlinesAndNotBeforeTheDueByDate() {
        Referral requested = referral(ReferralState.REQUESTED);
        assertThatThrownBy(() -> ReferralLifecycle.next(requested, ReferralTransition.EXPIRE, SENDER, AFTER_DUE))
                .isInstanceOf(IllegalTransitionException.class).hasMessageContaining("only the addressee");
        for (ReferralTransition deadline : new ReferralTransition[] {ReferralTransition.REPORT_OVERDUE,
                ReferralTransition.EXPIRE}) {
            assertThatThrownBy(() -> ReferralLifecycle.next(requested, deadline, ADDRESSEE,
                    requested.dueBy().minusSeconds(1)))
                    .isInstanceOf(IllegalTransitionException.class).hasMessageContaining("before its due-by date");
            assertThatThrownBy(() -> ReferralLifecycle.next(requested, deadline, ADDRESSEE))
                    .isInstanceOf(IllegalTransitionException.class);
        }
        // a reminder comes before the due-by date
        assertThat(ReferralLifecycle.next(requested, ReferralTransition.REMIND, ADDRESSEE,
                requested.dueBy().minusSeconds(60))).isEqualTo(ReferralState.REQUESTED);
    }

    private static final Instant DUE = Instant.parse("2026-11-23T10:00:00Z");
    private static final Instant AFTER_DUE = DUE.plusSeconds(1);

    private static Referral referral(ReferralState state) {
        Instant now = DUE;
        UUID event = UUID.randomUUID();
        return new Referral(UUID.randomUUID(), "case", SENDER, ADDRESSEE, "HOUSING", "ROUTINE", now, state,
                null, null, null, null, null, event, event, now, now, null, null);
    }
}
