package it.rete.partner;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import it.rete.partner.support.ProcessNetwork;
import it.rete.partner.support.Reconciliation;
import it.rete.partner.support.StoryStream;
import it.rete.partner.support.StoryStream.Operation;
import it.rete.partner.support.StoryStream.Route;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Nothing lost, nothing duplicated, whatever crashes: a steady stream of referral stories between two partner
 * services, each its own process, while a partner, the broker or the registry goes away and comes back. Afterwards
 * every ledger and every partner's database is checked against what the clients got acknowledged
 * ({@link Reconciliation}); each test prints one summary line.
 *
 * <p>The stream size is {@code -Drete.faults.operations} (acknowledged operations per test, default 150) at
 * {@code -Drete.faults.rate} operations/s offered (default 40).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultToleranceIT {

    private static final String PREFETTURA = "prefettura-sui";
    private static final String LULE = "lule-outreach";
    private static final List<String> RUNNING = List.of(PREFETTURA, LULE);
    private static final int OPERATIONS = Integer.getInteger("rete.faults.operations", 150);
    private static final double RATE = Double.parseDouble(System.getProperty("rete.faults.rate", "40"));
    /** How long a stream may take: generous, the machine may be shared; a larger stream gets more. */
    private static final Duration LIMIT = Duration.ofMinutes(Math.max(6, OPERATIONS / 250));

    private static ProcessNetwork network;
    /** Every operation the network received since it started: the checks cover the whole ledgers. */
    private static final List<Operation> acknowledged = new ArrayList<>();
    private static final List<Operation> failed = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        network = new ProcessNetwork(List.of(PREFETTURA, LULE, "cpi-mantova"), RUNNING);
    }

    @AfterAll
    static void stop() {
        if (network != null) {
            network.close();
        }
    }

    private static StoryStream stream() {
        return new StoryStream(network, List.of(new Route(PREFETTURA, LULE), new Route(LULE, PREFETTURA)),
                OPERATIONS, RATE, 8).start();
    }

    @Test
    @Order(1)
    void aPartnerServiceKilledMidStreamLosesAndDuplicatesNothing() throws Exception {
        try (StoryStream stream = stream()) {
            stream.awaitAcknowledged(OPERATIONS / 3, LIMIT);
            network.killPartner(LULE);
            Thread.sleep(2_000); // requests to it fail meanwhile; the other partner goes on
            network.startPartner(LULE);
            stream.awaitEnd(LIMIT);
            reconcile("kill -9 partner service", stream);
        }
    }

    @Test
    @Order(2)
    void theBrokerKilledMidStreamLosesAndDuplicatesNothing() throws Exception {
        try (StoryStream stream = stream()) {
            stream.awaitAcknowledged(OPERATIONS / 3, LIMIT);
            network.killBroker();
            Thread.sleep(5_000); // writes are still acknowledged (the outbox is in each partner's database)
            network.startBroker();
            stream.awaitEnd(LIMIT);
            reconcile("kill -9 broker", stream);
        }
    }

    @Test
    @Order(3)
    void theRegistryStoppedForAWhileLosesAndDuplicatesNothing() throws Exception {
        try (StoryStream stream = stream()) {
            stream.awaitAcknowledged(OPERATIONS / 3, LIMIT);
            network.stopRegistry();
            // a restarted partner has no cached schemas: it must wait for the registry to read anything
            network.stopPartner(LULE);
            network.startPartner(LULE);
            Thread.sleep(5_000);
            network.startRegistry();
            stream.awaitEnd(LIMIT);
            reconcile("schema registry stopped", stream);
        }
    }

    private static void reconcile(String test, StoryStream stream) throws InterruptedException {
        acknowledged.addAll(stream.acknowledged());
        failed.addAll(stream.failed());
        Reconciliation.Summary summary = Reconciliation.check(network, RUNNING, acknowledged, failed, true,
                Duration.ofMinutes(3));
        System.out.println(summary.line(test) + "; this test: " + stream.acknowledged().size()
                + " acknowledged, " + stream.failed().size() + " failed or unanswered, " + stream.stalled()
                + " stories given up");
        assertThat(summary.problems()).as(summary.line(test) + ", logs in " + network.logs()).isEmpty();
        assertThat(summary.lost() + summary.phantom() + summary.duplicated()).isZero();
        assertThat(summary.eventsFound()).isGreaterThanOrEqualTo(stream.acknowledged().size());
    }
}
