package it.rete.partner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import it.rete.partner.support.PartnerNode;
import it.rete.partner.support.Story;
import it.rete.partner.support.TestNetwork;
import it.rete.plumbing.ledger.LedgerTopics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The metrics docs/operations.md tells operators to watch are exported at {@code /actuator/prometheus}, for
 * monitoring clients only, and move when they should.
 */
class MetricsIT {

    private static final Path OPERATIONS = Path.of("../../docs/operations.md");
    /** A metric row of the guide's table: its first cell is the Prometheus name in backticks. */
    private static final Pattern METRIC_ROW = Pattern.compile("^\\| `([a-z_]+)`");

    private final TestNetwork network = TestNetwork.get();
    private final PartnerNode lule = network.partner(TestNetwork.LULE);
    private final PartnerNode prefettura = network.partner(TestNetwork.PREFETTURA);

    @Test
    void theScrapeIsForMonitoringAndOperatorClientsOnly() {
        assertThat(lule.withoutCredentials().get("/actuator/prometheus").status()).isEqualTo(401);
        assertThat(lule.withKey(network.keys(TestNetwork.LULE).viewer()).get("/actuator/prometheus").status())
                .isEqualTo(403);
        var scrape = monitoring(lule).get("/actuator/prometheus");
        assertThat(scrape.status()).isEqualTo(200);
        assertThat(scrape.contentType()).startsWith("text/plain");
        assertThat(lule.get("/actuator/prometheus").status()).as("operator").isEqualTo(200);
    }

    @Test
    void everyMetricTheOperationsGuideNamesIsExported() throws IOException {
        // consumption has started once the partner has applied a remote event: the consumer's meters exist
        String caseId = Story.openCase(prefettura);
        Story.consentTo(prefettura, caseId, TestNetwork.LULE);
        Story.awaitReferralState(lule, Story.refer(prefettura, caseId, TestNetwork.LULE), "REQUESTED");

        List<String> documented = documentedMetrics();
        assertThat(documented).hasSizeGreaterThanOrEqualTo(8);
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            String scrape = scrape(lule);
            for (String metric : documented) {
                assertThat(scrape).as("docs/operations.md names %s", metric)
                        .containsPattern("(?m)^" + Pattern.quote(metric) + "[{ ]");
            }
        });
    }

    @Test
    void theDeadLetterCounterCountsAPoisonRecord() {
        String newcomer = "metrics-" + Long.toHexString(System.nanoTime());
        network.admit(newcomer);
        double before = value(scrape(lule), "rete_dead_letters_total", "consumer=\"" + TestNetwork.LULE + "\"");

        var config = network.clientConfig(newcomer);
        config.put("acks", "all");
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(LedgerTopics.ledger(newcomer), UUID.randomUUID().toString(),
                    "not avro".getBytes())).get();
        } catch (Exception e) {
            throw new IllegalStateException("Could not write the poison record", e);
        }

        // the newcomer's ledger is found by the pattern subscription within the metadata refresh
        Awaitility.await().atMost(Story.PROPAGATION.multipliedBy(2)).pollInterval(Duration.ofMillis(500))
                .until(() -> value(scrape(lule), "rete_dead_letters_total",
                        "consumer=\"" + TestNetwork.LULE + "\"") == before + 1);
    }

    @Test
    void theRelayCounterCountsPublishedEvents() {
        String ledger = "topic=\"" + LedgerTopics.ledger(TestNetwork.PREFETTURA) + "\"";
        double before = value(scrape(prefettura), "rete_relay_events_total", ledger);
        Story.openCase(prefettura);
        Awaitility.await().atMost(Story.PROPAGATION).pollInterval(Duration.ofMillis(200))
                .until(() -> value(scrape(prefettura), "rete_relay_events_total", ledger) >= before + 1);
        assertThat(value(scrape(prefettura), "rete_relay_lag_seconds_count", ledger)).isGreaterThanOrEqualTo(1);
        assertThat(value(scrape(prefettura), "rete_relay_slot_lag_bytes", ledger)).isGreaterThanOrEqualTo(0);
    }

    @Test
    void theSequencingLagTimerCountsSequencedEventsAndNothingStaysPending() {
        double before = value(scrape(prefettura), "rete_outbox_sequencing_lag_seconds_count", "");
        Story.openCase(prefettura);
        Awaitility.await().atMost(Story.PROPAGATION).pollInterval(Duration.ofMillis(200))
                .until(() -> value(scrape(prefettura), "rete_outbox_sequencing_lag_seconds_count", "") >= before + 1);
        Awaitility.await().atMost(Story.PROPAGATION).pollInterval(Duration.ofMillis(200))
                .until(() -> value(scrape(prefettura), "rete_outbox_pending_events", "") == 0);
    }

    private PartnerNode monitoring(PartnerNode partner) {
        return partner.withKey(network.keys(partner.id()).monitoring());
    }

    private String scrape(PartnerNode partner) {
        var response = monitoring(partner).get("/actuator/prometheus");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.body();
    }

    /** The sample's value (0 when absent), the first whose labels contain {@code label}. */
    private static double value(String scrape, String metric, String label) {
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(metric) + "(?:\\{([^}]*)})? (\\S+)")
                .matcher(scrape);
        while (matcher.find()) {
            if (matcher.group(1) == null ? label.isEmpty() : matcher.group(1).contains(label)) {
                return Double.parseDouble(matcher.group(2));
            }
        }
        return 0;
    }

    private static List<String> documentedMetrics() throws IOException {
        List<String> metrics = new ArrayList<>();
        boolean inSection = false;
        for (String line : Files.readAllLines(OPERATIONS)) {
            if (line.startsWith("## ")) {
                inSection = line.startsWith("## What to monitor");
            }
            Matcher row = METRIC_ROW.matcher(line);
            if (inSection && row.find()) {
                metrics.add(row.group(1));
            }
        }
        return metrics;
    }
}
