package it.rete.partner.referral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
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

    /** The addressee's moves that a withdrawal can cross, and where both copies must end. */
    private static final Map<ReferralTransition, ReferralState> ANSWER_CROSSING_WITHDRAWAL = Map.of(
            ReferralTransition.ACCEPT, ReferralState.ACCEPTED,
            ReferralTransition.DECLINE, ReferralState.DECLINED,
            ReferralTransition.EXPIRE, ReferralState.EXPIRED,
            ReferralTransition.REMIND, ReferralState.WITHDRAWN,
            ReferralTransition.REPORT_OVERDUE, ReferralState.WITHDRAWN);

    @ParameterizedTest
    @EnumSource(value = ReferralTransition.class, names = {"ACCEPT", "DECLINE", "EXPIRE", "REMIND", "REPORT_OVERDUE"})
    void aWithdrawalAndAnAnswerThatCrossLeaveBothPartnersInTheSameState(ReferralTransition answer) {
        // the sender withdrew; then it reads the answer the addressee gave before the withdrawal reached it
        ReferralState atSender = ReferralState.WITHDRAWN;
        ReferralLifecycle.RemoteStep read = ReferralLifecycle.nextRemote(referral(atSender), answer, ADDRESSEE,
                AFTER_DUE, OTHER_EVENT);
        atSender = read.to();
        assertThat(read.crossed()).isTrue();

        // the addressee answered; then it reads the withdrawal
        ReferralState atAddressee = ReferralLifecycle.next(referral(ReferralState.REQUESTED), answer, ADDRESSEE,
                AFTER_DUE);
        ReferralLifecycle.RemoteStep withdrawal = ReferralLifecycle.nextRemote(referral(atAddressee),
                ReferralTransition.WITHDRAW, SENDER, AFTER_DUE, OTHER_EVENT);
        atAddressee = withdrawal.to();
        assertThat(withdrawal.crossed()).isEqualTo(atAddressee != ReferralState.WITHDRAWN);

        assertThat(atSender).isEqualTo(atAddressee).isEqualTo(ANSWER_CROSSING_WITHDRAWAL.get(answer));
    }

    @Test
    void aWithdrawalReadAfterPlacementsChangesNothing() {
        for (ReferralState answered : new ReferralState[] {ReferralState.IN_PROGRESS, ReferralState.COMPLETED}) {
            assertThat(ReferralLifecycle.nextRemote(referral(answered), ReferralTransition.WITHDRAW, SENDER, DUE,
                    OTHER_EVENT)).isEqualTo(new ReferralLifecycle.RemoteStep(answered, true));
        }
    }

    @Test
    void crossingsStillCheckThePartyAndTheDueByDate() {
        Referral withdrawn = referral(ReferralState.WITHDRAWN);
        assertThatThrownBy(() -> ReferralLifecycle.nextRemote(withdrawn, ReferralTransition.ACCEPT, "someone-else",
                DUE, OTHER_EVENT))
                .isInstanceOf(IllegalTransitionException.class).hasMessageContaining("only the addressee");
        assertThatThrownBy(() -> ReferralLifecycle.nextRemote(withdrawn, ReferralTransition.EXPIRE, ADDRESSEE,
                DUE.minusSeconds(1), OTHER_EVENT))
                .isInstanceOf(IllegalTransitionException.class).hasMessageContaining("before its due-by date");
        assertThatThrownBy(() -> ReferralLifecycle.nextRemote(referral(ReferralState.ACCEPTED),
                ReferralTransition.WITHDRAW, ADDRESSEE, DUE, OTHER_EVENT))
                .isInstanceOf(IllegalTransitionException.class).hasMessageContaining("only the sender");
    }

    @Test
    void anEventCausedByTheDecisionItWouldCrossDidNotCrossAndIsRefused() {
        Referral withdrawn = referral(ReferralState.WITHDRAWN);
        assertThatThrownBy(() -> ReferralLifecycle.nextRemote(withdrawn, ReferralTransition.ACCEPT, ADDRESSEE, DUE,
                withdrawn.lastEventId()))
                .isInstanceOf(IllegalTransitionException.class).hasMessageContaining("so the two did not cross");
        Referral accepted = referral(ReferralState.ACCEPTED);
        assertThatThrownBy(() -> ReferralLifecycle.nextRemote(accepted, ReferralTransition.WITHDRAW, SENDER, DUE,
                accepted.lastEventId()))
                .isInstanceOf(IllegalTransitionException.class).hasMessageContaining("before it was answered");
    }

    @Test
    void aCrossingMustBeCausedByAnEventOfTheReferralWhileItWasUnanswered() {
        // a reminder is one: the addressee answered after its own reminder, not having seen the withdrawal
        assertThat(ReferralLifecycle.nextRemote(referral(ReferralState.WITHDRAWN), ReferralTransition.ACCEPT,
                ADDRESSEE, DUE, REMINDER)).isEqualTo(new ReferralLifecycle.RemoteStep(ReferralState.ACCEPTED, true));
        // any other cause (the case's opening, an event of another referral) says nothing of what its author saw
        UUID unrelated = UUID.randomUUID();
        assertThatThrownBy(() -> ReferralLifecycle.nextRemote(referral(ReferralState.WITHDRAWN),
                ReferralTransition.ACCEPT, ADDRESSEE, DUE, unrelated))
                .isInstanceOf(IllegalTransitionException.class).hasMessageContaining("its cause " + unrelated);
        assertThatThrownBy(() -> ReferralLifecycle.nextRemote(referral(ReferralState.IN_PROGRESS),
                ReferralTransition.WITHDRAW, SENDER, DUE, unrelated))
                .isInstanceOf(IllegalTransitionException.class).hasMessageContaining("before it was answered");
    }

    @Test
    void aReminderJoinsTheUnansweredEvents() {
        UUID reminder = UUID.randomUUID();
        assertThat(referral(ReferralState.REQUESTED).remindedBy(reminder).unansweredEventIds())
                .containsExactly(SENT, REMINDER, reminder);
        assertThat(ReferralTransition.values()).filteredOn(ReferralTransition::reminds)
                .containsExactlyInAnyOrder(ReferralTransition.REMIND, ReferralTransition.REPORT_OVERDUE);
    }

    @Test
    void withoutACrossingRemoteEventsFollowTheTable() {
        assertThat(ReferralLifecycle.nextRemote(referral(ReferralState.REQUESTED), ReferralTransition.ACCEPT,
                ADDRESSEE, DUE, OTHER_EVENT))
                .isEqualTo(new ReferralLifecycle.RemoteStep(ReferralState.ACCEPTED, false));
        // what no crossing explains stays refused: a placement on a withdrawn referral, a second withdrawal
        assertThatThrownBy(() -> ReferralLifecycle.nextRemote(referral(ReferralState.WITHDRAWN),
                ReferralTransition.RECORD_PLACEMENT, ADDRESSEE, DUE, OTHER_EVENT))
                .isInstanceOf(IllegalTransitionException.class);
        assertThatThrownBy(() -> ReferralLifecycle.nextRemote(referral(ReferralState.WITHDRAWN),
                ReferralTransition.WITHDRAW, SENDER, DUE, OTHER_EVENT)).isInstanceOf(IllegalTransitionException.class);
        assertThatThrownBy(() -> ReferralLifecycle.nextRemote(referral(ReferralState.DECLINED),
                ReferralTransition.ACCEPT, ADDRESSEE, DUE, OTHER_EVENT)).isInstanceOf(IllegalTransitionException.class);
    }

    /** The referral's ReferralSent, and a reminder of the addressee: both from while it was unanswered. */
    private static final UUID SENT = UUID.randomUUID();
    private static final UUID REMINDER = UUID.randomUUID();
    /** A cause from before the other party's decision. */
    private static final UUID OTHER_EVENT = SENT;

    private static final Instant DUE = Instant.parse("2026-11-23T10:00:00Z");
    private static final Instant AFTER_DUE = DUE.plusSeconds(1);

    /** A referral whose last event (the decision that made {@code state}) is neither of the unanswered ones. */
    private static Referral referral(ReferralState state) {
        Instant now = DUE;
        UUID decision = UUID.randomUUID();
        return new Referral(UUID.randomUUID(), "case", SENDER, ADDRESSEE, "HOUSING", "ROUTINE", now, state,
                null, null, null, null, null, SENT, decision, now, now, null, null, List.of(SENT, REMINDER));
    }
}
