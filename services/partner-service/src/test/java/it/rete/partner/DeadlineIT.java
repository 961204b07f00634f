package it.rete.partner;

import static it.rete.partner.support.Story.awaitReferralState;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import it.rete.partner.referral.DeadlineTimers;
import it.rete.partner.referral.Referral;
import it.rete.partner.referral.ReferralService;
import it.rete.partner.support.LedgerReader;
import it.rete.partner.support.PartnerNode;
import it.rete.partner.support.Story;
import it.rete.partner.support.TestNetwork;
import it.rete.plumbing.ledger.LedgerTopics;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Deadlines of a referral: the addressee reminds, reports it overdue and expires it, each exactly once even with
 * several firing passes running at the same time (the scheduler's and the test's own), and the sender sees it
 * expired and refers again. In the test network the addressee's grace period is 8 s and its timers are checked
 * every second; the referrals are given a due-by date seconds ahead.
 */
class DeadlineIT {

    private static PartnerNode prefettura;
    private static PartnerNode lule;

    @BeforeAll
    static void network() {
        TestNetwork network = TestNetwork.get();
        prefettura = network.partner(TestNetwork.PREFETTURA);
        lule = network.partner(TestNetwork.LULE);
    }

    @Test
    void anUnansweredReferralIsRemindedOverdueAndExpiredExactlyOnceAndTheSenderReRefers() throws Exception {
        String caseId = Story.openCase(prefettura);
        Story.consentTo(prefettura, caseId, TestNetwork.LULE);
        Instant dueBy = Instant.now().plusSeconds(4).truncatedTo(ChronoUnit.MILLIS);
        String unanswered = refer(caseId, dueBy);
        String answered = refer(caseId, dueBy);
        awaitReferralState(lule, unanswered, "REQUESTED");
        awaitReferralState(lule, answered, "REQUESTED");
        assertThat(lule.post("/api/referrals/" + answered + "/accept", "").status()).isEqualTo(200);

        // four more firing passes race the scheduler's until the referral has expired
        DeadlineTimers timers = lule.bean(DeadlineTimers.class);
        ExecutorService passes = Executors.newFixedThreadPool(4);
        CountDownLatch stop = new CountDownLatch(1);
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            running.add(passes.submit(() -> {
                while (stop.getCount() > 0) {
                    timers.fireDueTimers();
                }
                return null;
            }));
        }
        try {
            // expired 12 s after it was sent, then across the network: generous for a loaded machine
            JsonNode expired = Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .until(() -> prefettura.get("/api/referrals/" + unanswered).json(),
                            r -> "EXPIRED".equals(r.get("state").asString()));
            assertThat(expired.get("overdueSince")).isNotNull();
        } finally {
            stop.countDown();
            passes.shutdown();
            assertThat(passes.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }
        for (Future<?> pass : running) {
            pass.get(); // no pass failed
        }

        // every timer fired once; the answered referral's fired without an event
        assertThat(timers.of(UUID.fromString(unanswered))).allSatisfy(timer -> {
            assertThat(timer.firedAt()).isNotNull();
            assertThat(timer.eventId()).isNotNull();
        }).hasSize(3);
        // both copies keep the events from while it was unanswered: what an answer crossing a withdrawal may name
        List<UUID> reminders = timers.of(UUID.fromString(unanswered)).stream()
                .filter(timer -> timer.kind() != DeadlineTimers.Kind.EXPIRY).map(DeadlineTimers.FiredTimer::eventId)
                .toList();
        assertThat(reminders).hasSize(2);
        for (PartnerNode copy : List.of(lule, prefettura)) {
            Referral referral = copy.bean(ReferralService.class).get(UUID.fromString(unanswered));
            assertThat(referral.unansweredEventIds()).first().isEqualTo(referral.sentEventId());
            assertThat(referral.unansweredEventIds()).hasSize(3).containsAll(reminders);
        }
        Awaitility.await().atMost(Story.PROPAGATION).until(() -> timers.of(UUID.fromString(answered)).stream()
                .allMatch(timer -> timer.firedAt() != null));
        assertThat(timers.of(UUID.fromString(answered))).allSatisfy(timer -> assertThat(timer.eventId()).isNull());

        List<String> published = Awaitility.await().atMost(Story.PROPAGATION).until(
                () -> deadlineEventsOf(caseId), events -> events.size() >= 3);
        assertThat(published).containsExactlyInAnyOrder("it.rete.contracts.ReferralDueSoon",
                "it.rete.contracts.ReferralOverdue", "it.rete.contracts.ReferralExpired");

        // the sender's view: expired, terminal, answered too late; the case may be referred again
        JsonNode atSender = prefettura.get("/api/cases/" + caseId).json();
        assertThat(atSender.get("timeline").findValuesAsString("eventType"))
                .contains("ReferralDueSoon", "ReferralOverdue", "ReferralExpired");
        var late = lule.post("/api/referrals/" + unanswered + "/accept", "");
        assertThat(late.status()).as(late.toString()).isEqualTo(409);
        String again = Story.refer(prefettura, caseId, TestNetwork.LULE);
        awaitReferralState(lule, again, "REQUESTED");
        assertThat(deadlineEventsOf(caseId)).hasSize(3);
    }

    @Test
    void unansweredReferralsWithoutTimersGetThemAtStart() {
        String caseId = Story.openCase(prefettura);
        Story.consentTo(prefettura, caseId, TestNetwork.LULE);
        String referralId = Story.refer(prefettura, caseId, TestNetwork.LULE);
        awaitReferralState(lule, referralId, "REQUESTED");
        DeadlineTimers timers = lule.bean(DeadlineTimers.class);
        assertThat(timers.of(UUID.fromString(referralId))).hasSize(3);
        // as if received before this partner kept timers
        lule.bean(org.springframework.jdbc.core.simple.JdbcClient.class)
                .sql("delete from referral_timer where referral_id = :id").param("id", UUID.fromString(referralId))
                .update();
        assertThat(timers.of(UUID.fromString(referralId))).isEmpty();

        timers.scheduleMissing();

        JsonNode referral = lule.get("/api/referrals/" + referralId).json();
        Instant dueBy = Instant.parse(referral.get("dueBy").asString());
        assertThat(timers.of(UUID.fromString(referralId)))
                .extracting(DeadlineTimers.FiredTimer::kind, DeadlineTimers.FiredTimer::fireAt,
                        DeadlineTimers.FiredTimer::firedAt)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(DeadlineTimers.Kind.DUE_SOON,
                                dueBy.minus(Duration.ofDays(1)), null),
                        org.assertj.core.groups.Tuple.tuple(DeadlineTimers.Kind.OVERDUE, dueBy, null),
                        org.assertj.core.groups.Tuple.tuple(DeadlineTimers.Kind.EXPIRY, dueBy.plusSeconds(8), null));
    }

    private static String refer(String caseId, Instant dueBy) {
        var response = prefettura.post("/api/cases/" + caseId + "/referrals", """
                {"toPartnerId": "%s", "serviceType": "LEGAL_AID", "urgency": "ROUTINE", "dueBy": "%s"}"""
                .formatted(TestNetwork.LULE, dueBy));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json().get("referralId").asString();
    }

    /** The deadline events of the case on the addressee's ledger, by type. */
    private static List<String> deadlineEventsOf(String caseId) {
        return LedgerReader.readAll(TestNetwork.get().adminConfig(), LedgerTopics.ledger(TestNetwork.LULE)).stream()
                .filter(record -> caseId.equals(record.key()))
                .map(record -> LedgerReader.header(record, "ce_type"))
                .filter(type -> type.matches(".*Referral(DueSoon|Overdue|Expired)"))
                .toList();
    }
}
