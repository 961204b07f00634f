package it.rete.audit.lifecycle;

import static it.rete.audit.lifecycle.Events.ADDRESSEE;
import static it.rete.audit.lifecycle.Events.CASE;
import static it.rete.audit.lifecycle.Events.OWNER;
import static it.rete.audit.lifecycle.Events.event;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import it.rete.audit.ledger.EventType;
import it.rete.audit.ledger.LedgerEvent;
import org.junit.jupiter.api.Test;

class CaseFoldTest {

    private final UUID referral = UUID.randomUUID();
    private final List<LedgerEvent> events = new ArrayList<>();
    private LedgerEvent sent;

    private void openAndRefer() {
        events.add(event(EventType.CASE_OPENED, OWNER, 1, 0, null, null));
        events.add(event(EventType.CONSENT_RECORDED, OWNER, 2, 10, null, null));
        sent = event(EventType.REFERRAL_SENT, OWNER, 3, 20, referral, null);
        events.add(sent);
    }

    private LedgerEvent add(EventType type, String source, long sequence, LedgerEvent cause) {
        LedgerEvent e = event(type, source, sequence, 100 * sequence + 1000, referral, cause.eventId());
        events.add(e);
        return e;
    }

    @Test
    void fullLifecycleIsLegal() {
        openAndRefer();
        var accepted = add(EventType.REFERRAL_ACCEPTED, ADDRESSEE, 1, sent);
        var placed = add(EventType.PLACEMENT_MADE, ADDRESSEE, 2, accepted);
        var again = add(EventType.PLACEMENT_MADE, ADDRESSEE, 3, placed);
        add(EventType.REFERRAL_COMPLETED, ADDRESSEE, 4, again);
        events.add(event(EventType.CASE_CLOSED, OWNER, 4, 99_999, null, null));
        CaseView view = CaseFold.fold(CASE, events);
        assertThat(view.violations()).isEmpty();
        assertThat(view.status()).isEqualTo(CaseStatus.CLOSED);
        ReferralView r = view.referrals().iterator().next();
        assertThat(r.state()).isEqualTo(ReferralState.COMPLETED);
        assertThat(r.placements()).isEqualTo(2);
        assertThat(r.outcome()).isEqualTo("SUCCESSFUL");
    }

    @Test
    void anUnansweredReferralRemindedOverdueAndExpiredAfterItsDueByIsLegalAndTerminal() {
        openAndRefer(); // due by 1020
        var remind = event(EventType.REFERRAL_DUE_SOON, ADDRESSEE, 1, 600, referral, sent.eventId());
        events.add(remind);
        var overdue = add(EventType.REFERRAL_OVERDUE, ADDRESSEE, 2, remind);
        var expired = add(EventType.REFERRAL_EXPIRED, ADDRESSEE, 3, overdue);
        events.add(event(EventType.CASE_CLOSED, OWNER, 4, 99_999, null, null));
        CaseView view = CaseFold.fold(CASE, events);
        assertThat(view.violations()).isEmpty();
        ReferralView r = view.referrals().iterator().next();
        assertThat(r.state()).isEqualTo(ReferralState.EXPIRED);
        assertThat(r.expiredAt()).isEqualTo(expired.occurredAt());
        assertThat(r.overdueAt(200_000)).isFalse();

        // nothing moves an expired referral: the addressee's late acceptance is illegal
        events.remove(events.size() - 1);
        add(EventType.REFERRAL_ACCEPTED, ADDRESSEE, 5, expired);
        assertThat(CaseFold.fold(CASE, events).violations()).singleElement()
                .satisfies(v -> assertThat(v.message()).contains("in state EXPIRED cannot be accepted"));
    }

    @Test
    void expiryBeforeTheDueByDateByTheSenderOrOfAnAnsweredReferralIsIllegal() {
        openAndRefer(); // due by 1020
        events.add(event(EventType.REFERRAL_EXPIRED, ADDRESSEE, 1, 900, referral, sent.eventId()));
        events.add(event(EventType.REFERRAL_OVERDUE, ADDRESSEE, 2, 1000, referral, sent.eventId()));
        var bySender = add(EventType.REFERRAL_EXPIRED, OWNER, 4, sent);
        var accepted = add(EventType.REFERRAL_ACCEPTED, ADDRESSEE, 5, bySender);
        add(EventType.REFERRAL_EXPIRED, ADDRESSEE, 6, accepted);
        CaseView view = CaseFold.fold(CASE, events);
        assertThat(view.violations()).extracting(v -> v.message().replaceAll("^\\S+ \\S+: ", "")).containsExactly(
                "referral " + referral + " cannot expire before its due-by date 1970-01-01T00:00:01.020Z",
                "referral " + referral + " cannot be reported overdue before its due-by date 1970-01-01T00:00:01.020Z",
                "referral " + referral + ": only the addressee (lule) may expire, not prefettura",
                "referral " + referral + " in state ACCEPTED cannot expire");
        assertThat(view.referrals().iterator().next().state()).isEqualTo(ReferralState.ACCEPTED);
    }

    @Test
    void aWithdrawalAndAnAcceptanceThatCrossLeaveTheAnswerStandingInEitherOrder() {
        for (boolean withdrawnFirst : new boolean[] {true, false}) {
            events.clear();
            openAndRefer();
            // each made before its author read the other: both caused by the ReferralSent
            var withdrawn = event(EventType.REFERRAL_WITHDRAWN, OWNER, 4, withdrawnFirst ? 500 : 700, referral,
                    sent.eventId());
            var accepted = event(EventType.REFERRAL_ACCEPTED, ADDRESSEE, 1, withdrawnFirst ? 700 : 500, referral,
                    sent.eventId());
            events.add(withdrawn);
            events.add(accepted);
            events.add(event(EventType.PLACEMENT_MADE, ADDRESSEE, 2, 800, referral, accepted.eventId()));
            // the sender, seeing nothing under way, closed the case before the answer reached it
            events.add(event(EventType.CASE_CLOSED, OWNER, 5, 900, null, null));

            CaseView view = CaseFold.fold(CASE, events);
            assertThat(view.violations()).as("withdrawn first: " + withdrawnFirst).isEmpty();
            ReferralView r = view.referrals().iterator().next();
            assertThat(r.state()).isEqualTo(ReferralState.IN_PROGRESS);
            assertThat(r.withdrawnBySender()).isTrue();
            assertThat(r.answeredAt()).isEqualTo(accepted.occurredAt());
            assertThat(view.status()).isEqualTo(CaseStatus.CLOSED);
        }
    }

    @Test
    void remindersThatCrossAWithdrawalChangeNothingAndAnAnswerCausedByThemStillCrosses() {
        openAndRefer(); // due by 1020
        var withdrawn = event(EventType.REFERRAL_WITHDRAWN, OWNER, 4, 1030, referral, sent.eventId());
        var overdue = event(EventType.REFERRAL_OVERDUE, ADDRESSEE, 1, 1040, referral, sent.eventId());
        var declined = event(EventType.REFERRAL_DECLINED, ADDRESSEE, 2, 1050, referral, overdue.eventId());
        events.addAll(List.of(withdrawn, overdue, declined));
        CaseView view = CaseFold.fold(CASE, events);
        assertThat(view.violations()).isEmpty();
        assertThat(view.referrals().iterator().next().state()).isEqualTo(ReferralState.DECLINED);

        // without the decline, the withdrawal stands: the overdue report only crossed it
        events.remove(declined);
        ReferralView r = CaseFold.fold(CASE, events).referrals().iterator().next();
        assertThat(r.state()).isEqualTo(ReferralState.WITHDRAWN);
        assertThat(r.overdueReportedAt()).isEqualTo(overdue.occurredAt());
    }

    @Test
    void anAnswerCausedByTheWithdrawalOrAWithdrawalCausedByTheAnswerDidNotCrossAndIsIllegal() {
        openAndRefer();
        var withdrawn = add(EventType.REFERRAL_WITHDRAWN, OWNER, 4, sent);
        add(EventType.REFERRAL_ACCEPTED, ADDRESSEE, 5, withdrawn);
        CaseView afterWithdrawal = CaseFold.fold(CASE, events);
        assertThat(afterWithdrawal.violations()).singleElement().satisfies(v -> assertThat(v.message())
                .contains("in state WITHDRAWN cannot be accepted: its cause " + withdrawn.eventId())
                .contains("so the two did not cross"));
        assertThat(afterWithdrawal.referrals().iterator().next().state()).isEqualTo(ReferralState.WITHDRAWN);

        events.clear();
        openAndRefer();
        var accepted = add(EventType.REFERRAL_ACCEPTED, ADDRESSEE, 1, sent);
        add(EventType.REFERRAL_WITHDRAWN, OWNER, 4, accepted);
        assertThat(CaseFold.fold(CASE, events).violations()).singleElement().satisfies(v -> assertThat(v.message())
                .contains("in state ACCEPTED cannot be withdrawn: its cause " + accepted.eventId()));

        // a withdrawal that crossed the answer does not excuse closing a case whose other referral is under way
        events.clear();
        openAndRefer();
        var other = UUID.randomUUID();
        events.add(event(EventType.REFERRAL_SENT, OWNER, 4, 30, other, null));
        events.add(event(EventType.REFERRAL_WITHDRAWN, OWNER, 5, 500, referral, sent.eventId()));
        events.add(event(EventType.CASE_CLOSED, OWNER, 6, 900, null, null));
        assertThat(CaseFold.fold(CASE, events).violations()).singleElement().satisfies(v -> assertThat(v.message())
                .contains("closed while 1 referral(s) were under way"));
    }

    @Test
    void eachIllegalChangeIsReportedAndNotApplied() {
        openAndRefer();
        var completedEarly = add(EventType.REFERRAL_COMPLETED, ADDRESSEE, 1, sent);
        var acceptedBySender = add(EventType.REFERRAL_ACCEPTED, OWNER, 4, completedEarly);
        var declined = add(EventType.REFERRAL_DECLINED, ADDRESSEE, 2, acceptedBySender);
        add(EventType.REFERRAL_WITHDRAWN, OWNER, 5, declined);
        CaseView view = CaseFold.fold(CASE, events);
        assertThat(view.violations()).extracting(v -> v.message().replaceAll("^\\S+ \\S+: ", "")).containsExactly(
                "referral " + referral + " in state REQUESTED cannot be completed",
                "referral " + referral + ": only the addressee (lule) may be accepted, not prefettura",
                "referral " + referral + " in state DECLINED cannot be withdrawn: its cause " + declined.eventId()
                        + " is not an event of the referral before it was answered, so the two did not cross");
        assertThat(view.referrals().iterator().next().state()).isEqualTo(ReferralState.DECLINED);
    }

    @Test
    void caseClosedWithAReferralUnderWayOrReferralWithoutConsent() {
        events.add(event(EventType.CASE_OPENED, OWNER, 1, 0, null, null));
        events.add(event(EventType.REFERRAL_SENT, OWNER, 2, 20, referral, null));
        CaseView noConsent = CaseFold.fold(CASE, events);
        assertThat(noConsent.violations()).singleElement()
                .satisfies(v -> assertThat(v.message()).contains("without a recorded consent"));

        events.clear();
        openAndRefer();
        events.add(event(EventType.CASE_CLOSED, OWNER, 4, 30, null, null));
        CaseView closed = CaseFold.fold(CASE, events);
        assertThat(closed.violations()).singleElement()
                .satisfies(v -> assertThat(v.message()).contains("closed while 1 referral(s) were under way"));
        assertThat(closed.status()).isEqualTo(CaseStatus.OPEN);
    }

    @Test
    void aConsentCoversTheRecipientsAndPurposesItNamesWordForWord() {
        assertThat(CaseFold.listed("lule cpi-mantova", "cpi-mantova")).isTrue();
        assertThat(CaseFold.listed("lule cpi-mantova", "lule")).isTrue();
        assertThat(CaseFold.listed("lule  cpi-mantova ", "cpi-mantova")).isTrue();
        assertThat(CaseFold.listed("lule-nord cpi-mantova", "lule")).isFalse();
        assertThat(CaseFold.listed("cpi-mantova x-lule", "lule")).isFalse();
        assertThat(CaseFold.listed("lule-nord lule", "lule")).isTrue(); // a longer name before it
        assertThat(CaseFold.listed("SAFETY_TRAINING", "REFERRAL")).isFalse();
        assertThat(CaseFold.listed("", "lule")).isFalse();
        assertThat(CaseFold.listed(null, "lule")).isFalse();
        assertThat(CaseFold.listed("lule", null)).isFalse();
    }

    @Test
    void causationOrdersEventsWhoseClocksDisagree() {
        openAndRefer();
        // the addressee's clock is behind: its acceptance carries a time before the referral was sent
        LedgerEvent accepted = event(EventType.REFERRAL_ACCEPTED, ADDRESSEE, 1, 5, referral, sent.eventId());
        events.add(accepted);
        assertThat(CausalOrder.sort(events)).extracting(LedgerEvent::type).containsExactly(EventType.CASE_OPENED,
                EventType.CONSENT_RECORDED, EventType.REFERRAL_SENT, EventType.REFERRAL_ACCEPTED);
        assertThat(CaseFold.fold(CASE, events).violations()).isEmpty();
    }
}
