package it.rete.partner.referral;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import it.rete.partner.network.NetworkProperties;
import org.junit.jupiter.api.Test;

/** When the timers of a referral fire, from its sending time and due-by date. */
class DeadlineScheduleTest {

    private static final NetworkProperties.Referral SETTINGS = new NetworkProperties.Referral(Map.of(), Map.of(),
            Duration.ofDays(1), Duration.ofDays(7));
    private static final Instant SENT = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void aWeekToAnswerIsRemindedADayBeforeOverdueAtTheDateAndExpiredAWeekLater() {
        Instant dueBy = SENT.plus(Duration.ofDays(7));
        assertThat(DeadlineTimers.fireAt(DeadlineTimers.Kind.DUE_SOON, SENT, dueBy, SETTINGS))
                .isEqualTo(Instant.parse("2026-11-29T10:00:00Z"));
        assertThat(DeadlineTimers.fireAt(DeadlineTimers.Kind.OVERDUE, SENT, dueBy, SETTINGS)).isEqualTo(dueBy);
        assertThat(DeadlineTimers.fireAt(DeadlineTimers.Kind.EXPIRY, SENT, dueBy, SETTINGS))
                .isEqualTo(Instant.parse("2026-12-07T10:00:00Z"));
    }

    @Test
    void aShortTimeToAnswerIsRemindedHalfwayNotAtOnce() {
        Instant dueBy = SENT.plus(Duration.ofHours(12));
        assertThat(DeadlineTimers.fireAt(DeadlineTimers.Kind.DUE_SOON, SENT, dueBy, SETTINGS))
                .isEqualTo(SENT.plus(Duration.ofHours(6)));
    }

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        var defaults = new NetworkProperties.Referral(null, null, null, null);
        assertThat(defaults.remindBefore()).isEqualTo(Duration.ofDays(1));
        assertThat(defaults.expireAfter()).isEqualTo(Duration.ofDays(7));
        assertThat(defaults.answerWithin(it.rete.contracts.ServiceType.HOUSING, it.rete.contracts.Urgency.EMERGENCY))
                .isEqualTo(Duration.ofDays(1));
    }
}
