package it.rete.cabina;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import it.rete.cabina.indicators.Filters;
import it.rete.cabina.indicators.IndicatorQueries;
import it.rete.cabina.indicators.Table;
import it.rete.cabina.support.CabinaTestNetwork;
import it.rete.cabina.support.Events;
import it.rete.cabina.support.Events.LedgerEvent;
import it.rete.contracts.DeclineReason;
import it.rete.contracts.IntakeChannel;
import it.rete.contracts.Sector;
import it.rete.contracts.ServiceType;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Withdrawals that crossed the addressee's answer on the network count as the answer, as at the partners, whatever
 * the order of the two events' times: r1 withdrawn before it was accepted (by the clocks), r2 withdrawn after it was
 * declined, r3 withdrawn before it expired, r4 withdrawn and never answered.
 */
class CrossedWithdrawalIT {

    static final CabinaTestNetwork network = CabinaTestNetwork.get();

    @Test
    void theAnswerStandsOverAWithdrawalItCrossed() {
        String owner = "cx-prefettura";
        String ngo = "cx-ngo";
        Events events = new Events();
        Instant sent = Instant.parse("2025-06-02T08:00:00Z");
        Instant dueBy = sent.plus(Duration.ofDays(3));
        List<LedgerEvent> history = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            String caseId = "cx-case-" + i + "-" + UUID.randomUUID();
            UUID referral = UUID.randomUUID();
            history.add(events.caseOpened(owner, caseId, sent.minusSeconds(60), "Mantova", Sector.AGRICULTURE,
                    IntakeChannel.OUTREACH_TEAM));
            history.add(events.referralSent(owner, caseId, referral, ngo, ServiceType.HOUSING, sent, dueBy));
            history.add(events.withdrawn(owner, caseId, referral, ngo, sent.plus(Duration.ofHours(i == 2 ? 3 : 1))));
            switch (i) {
                case 1 -> history.add(events.accepted(ngo, caseId, referral, owner, sent.plus(Duration.ofHours(2))));
                case 2 -> history.add(events.declined(ngo, caseId, referral, owner, DeclineReason.NO_CAPACITY,
                        sent.plus(Duration.ofHours(2))));
                case 3 -> history.add(events.expired(ngo, caseId, referral, owner, dueBy,
                        dueBy.plus(Duration.ofDays(7))));
                default -> {
                }
            }
        }
        network.ledgers().publish(history);
        network.awaitProcessed(3, ngo);
        network.awaitProcessed(12, owner);

        Table funnel = Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> raw("referrals-by-partner", owner), t -> !t.rows().isEmpty()
                        && Long.valueOf(4).equals(t.rows().get(0).get("sent")));
        assertThat(funnel.rows().get(0)).containsEntry("partner", ngo).containsEntry("sent", 4L)
                .containsEntry("accepted", 1L).containsEntry("declined", 1L).containsEntry("expired", 1L)
                .containsEntry("withdrawn", 1L).containsEntry("pending", 0L);
        assertThat(raw("headline", owner).rows().get(0)).containsEntry("referralsWithdrawn", 1L)
                .containsEntry("referralsDeclined", 1L).containsEntry("referralsExpired", 1L);
    }

    private static Table raw(String table, String partner) {
        return network.bean(IndicatorQueries.class).table(table, Filters.parse(Map.of("partner", partner)));
    }
}
