package it.rete.cabina;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import it.rete.cabina.indicators.Filters;
import it.rete.cabina.indicators.IndicatorQueries;
import it.rete.cabina.indicators.Table;
import it.rete.cabina.support.CabinaTestNetwork;
import it.rete.cabina.support.Events;
import it.rete.cabina.support.KnownHistory;
import it.rete.contracts.IntakeChannel;
import it.rete.contracts.Sector;
import it.rete.plumbing.ledger.LedgerTopics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The indicators of {@link KnownHistory}, worked out by hand, read in the worst order: every answer, placement and
 * completion before the referral it belongs to was sent and before its case was opened, closures before openings,
 * one event delivered twice, a record that is not Avro and a record forged into another partner's ledger.
 */
class KnownHistoryIT {

    static final CabinaTestNetwork network = CabinaTestNetwork.get();
    static final KnownHistory history = new KnownHistory("kh");
    static final String OWNER = "?partner=" + history.owner;
    static String poisonKey;
    static String forgedCaseId;

    @BeforeAll
    static void publishTheHistoryOutOfOrder() {
        // 1. the addressees' ledgers first (the acceptance of r1 twice), then wait until they are projected
        network.ledgers().publish(history.addresseeEvents);
        network.awaitProcessed(KnownHistory.NGO_EVENTS + KnownHistory.CPI_EVENTS, history.ngo, history.cpi);
        // nothing is counted while the referrals are not known to have been sent
        JsonNode early = network.get("/api/indicators" + OWNER).json();
        assertThat(cell(early, "headline", 0, "referralsSent")).isEqualTo("<5");
        assertThat(raw("headline", history.owner).rows().get(0).get("referralsSent")).isEqualTo(0L);

        // 2. poison: bytes that are not a Rete event, and an NGO event forged into the job centre's ledger
        poisonKey = "poison-" + UUID.randomUUID();
        network.ledgers().publishRaw(LedgerTopics.ledger(history.owner), poisonKey,
                "not an avro record".getBytes(StandardCharsets.UTF_8));
        forgedCaseId = "forged-" + UUID.randomUUID();
        network.ledgers().publishTo(LedgerTopics.ledger(history.cpi), new Events().caseOpened(history.ngo,
                forgedCaseId, Instant.parse("2025-03-02T08:00:00Z"), "Mantova", Sector.AGRICULTURE,
                IntakeChannel.OUTREACH_TEAM));
        network.ledgers().flush();

        // 3. the owner's ledger: closures before openings, then the referrals sent and a withdrawal
        network.ledgers().publish(history.ownerEvents);
        network.awaitProcessed(KnownHistory.OWNER_EVENTS, history.owner);
    }

    @Test
    void everyEventIsProjectedOnceAndPoisonGoesToTheDeadLetterTopic() {
        assertThat(network.processedFrom(history.ngo)).isEqualTo(KnownHistory.NGO_EVENTS);
        assertThat(network.processedFrom(history.cpi)).isEqualTo(KnownHistory.CPI_EVENTS);
        assertThat(network.processedFrom(history.owner)).isEqualTo(KnownHistory.OWNER_EVENTS);
        assertThat(network.bean(JdbcTemplate.class).queryForObject(
                "select count(*) from processed_event where event_id = ?", Long.class, history.duplicated.eventId()))
                .isEqualTo(1L);
        assertThat(network.bean(JdbcTemplate.class).queryForObject(
                "select count(*) from case_fact where case_id = ?", Long.class, forgedCaseId)).isZero();

        List<ConsumerRecord<String, byte[]>> deadLetters = readDeadLetters(
                record -> poisonKey.equals(record.key()) || forgedCaseId.equals(record.key()), 2);
        // (a rebuild run by another test reads the poison again: it is dead-lettered again)
        assertThat(deadLetters).extracting(ConsumerRecord::key).containsOnly(poisonKey, forgedCaseId);
        ConsumerRecord<String, byte[]> forged = deadLetters.stream().filter(r -> forgedCaseId.equals(r.key()))
                .findFirst().orElseThrow();
        assertThat(header(forged, "kafka_dlt-exception-message"))
                .contains("claims to come from " + history.ngo, "ledger of " + history.cpi);
        assertThat(header(forged, "kafka_dlt-original-topic")).isEqualTo(LedgerTopics.ledger(history.cpi));
    }

    @Test
    void headlineNumbers() {
        Map<String, Object> raw = raw("headline", history.owner).rows().get(0);
        assertThat(raw).containsEntry("casesOpened", 13L).containsEntry("casesClosed", 4L)
                .containsEntry("casesOpen", 9L).containsEntry("referralsSent", 12L)
                .containsEntry("referralsAnswered", 8L).containsEntry("referralsAccepted", 5L)
                .containsEntry("referralsDeclined", 3L).containsEntry("referralsWithdrawn", 1L)
                .containsEntry("referralsPending", 3L).containsEntry("referralsOverdue", 2L)
                .containsEntry("referralsExpired", 0L).containsEntry("placements", 5L).containsEntry("regularEmploymentPeople", 2L)
                .containsEntry("regularEmploymentTarget", 15);
        assertThat((Double) raw.get("acceptanceRate")).isCloseTo(0.625, within(1e-9));

        JsonNode shown = network.get("/api/indicators" + OWNER).json();
        assertThat(shown.get("suppressionThreshold").asInt()).isEqualTo(5);
        // 8 answered - 5 accepted would give the 3 declines away, and so would 8 x 62.5%: both read n.d.
        assertThat(row(shown, "headline", 0)).containsExactly(
                "13", "<5", "9", "12", "8", "n.d.", "n.d.", "<5", "<5", "<5", "<5", "<5", "5", "<5", "15", "<5");
    }

    @Test
    void casesByTerritorySectorAndChannel() {
        JsonNode shown = network.get("/api/indicators" + OWNER).json();
        // 13 opened (headline) - 6 (Mantova) - 5 (Castiglione) would give Sermide's 2 away
        assertThat(rows(shown, "cases-by-territory")).containsExactly(
                List.of("Castiglione delle Stiviere", "n.d.", "<5", "<5"),
                List.of("Mantova", "6", "<5", "5"),
                List.of("Sermide", "<5", "<5", "<5"));
        assertThat(raw("cases-by-territory", history.owner).rows()).containsExactly(
                Map.of("territory", "Castiglione delle Stiviere", "casesOpened", 5L, "casesClosed", 3L,
                        "casesOpen", 2L),
                Map.of("territory", "Mantova", "casesOpened", 6L, "casesClosed", 1L, "casesOpen", 5L),
                Map.of("territory", "Sermide", "casesOpened", 2L, "casesClosed", 0L, "casesOpen", 2L));
        assertThat(raw("cases-by-sector", history.owner).rows()).containsExactly(
                Map.of("sector", "AGRICULTURE", "casesOpened", 9L, "casesClosed", 3L, "casesOpen", 6L),
                Map.of("sector", "LOGISTICS", "casesOpened", 2L, "casesClosed", 1L, "casesOpen", 1L),
                Map.of("sector", "TEXTILE", "casesOpened", 2L, "casesClosed", 0L, "casesOpen", 2L));
        assertThat(rows(shown, "cases-by-sector")).containsExactly(List.of("AGRICULTURE", "9", "<5", "6"),
                List.of("LOGISTICS", "<5", "<5", "<5"), List.of("TEXTILE", "<5", "<5", "<5"));
        assertThat(rows(shown, "cases-by-intake-channel")).containsExactly(
                List.of("HELPLINE", "<5", "<5", "<5"), List.of("LISTENING_POINT", "n.d.", "<5", "<5"),
                List.of("OUTREACH_TEAM", "6", "<5", "5"));
    }

    @Test
    void referralFunnelPerPartnerAndServiceTypeWithDeclineReasons() {
        JsonNode shown = network.get("/api/indicators" + OWNER).json();
        // sent, accepted, declined, withdrawn, pending, answered, acceptance rate
        assertThat(raw("referrals-by-partner", history.owner).rows()).containsExactly(
                funnel("partner", history.cpi, 5, 1, 2, 0, 2, 3, 1.0 / 3),
                funnel("partner", history.ngo, 7, 4, 1, 1, 1, 5, 0.8));
        assertThat(rows(shown, "referrals-by-partner")).containsExactly(
                List.of(history.cpi, "5", "<5", "<5", "<5", "<5", "<5", "<5", "<5", "<5"),
                // 8 answered (headline) - the NGO's 5 would give the job centre's 3 away
                List.of(history.ngo, "7", "<5", "<5", "<5", "<5", "n.d.", "<5", "<5", "n.d."));
        assertThat(raw("referrals-by-service-type", history.owner).rows()).containsExactly(
                funnel("serviceType", "JOB_ORIENTATION", 7, 4, 1, 1, 1, 5, 0.8),
                funnel("serviceType", "LEGAL_AID", 5, 1, 2, 0, 2, 3, 1.0 / 3));
        assertThat(raw("decline-reasons", history.owner).rows())
                .contains(Map.of("reasonCode", "NO_CAPACITY", "declined", 2L),
                        Map.of("reasonCode", "NOT_ELIGIBLE", "declined", 1L),
                        Map.of("reasonCode", "PERSON_REFUSED", "declined", 0L));
        assertThat(rows(shown, "decline-reasons")).allSatisfy(row -> assertThat(row.get(1)).isEqualTo("<5"));
    }

    @Test
    void responseTimesMedianAndNinetiethPercentile() {
        List<Map<String, Object>> raw = raw("response-times", history.owner).rows();
        // hours to answer: 2, 4, 6, 8, 10 (NGO) and 24, 48, 72 (job centre)
        assertTiming(raw.get(0), "HOURS_TO_ANSWER_REFERRAL", "ALL", 8, 9.0, 55.2);
        assertTiming(raw.get(1), "HOURS_TO_ANSWER_REFERRAL", history.cpi, 3, 48.0, 67.2);
        assertTiming(raw.get(2), "HOURS_TO_ANSWER_REFERRAL", history.ngo, 5, 6.0, 9.2);
        // days from opening to first placement: 5, 10, 12, 20, 30
        assertTiming(raw.get(3), "DAYS_FROM_OPENING_TO_PLACEMENT", "ALL", 5, 12.0, 26.0);

        assertThat(rows(network.get("/api/indicators" + OWNER).json(), "response-times")).containsExactly(
                List.of("HOURS_TO_ANSWER_REFERRAL", "ALL", "8", "9.0", "55.2"),
                List.of("HOURS_TO_ANSWER_REFERRAL", history.cpi, "<5", "<5", "<5"),
                // ALL's 8 - the NGO's 5 would give the job centre's 3 away
                List.of("HOURS_TO_ANSWER_REFERRAL", history.ngo, "n.d.", "n.d.", "n.d."),
                List.of("DAYS_FROM_OPENING_TO_PLACEMENT", "ALL", "5", "12.0", "26.0"));
    }

    @Test
    void stuckReferralsOldestFirstWithoutQuasiIdentifiers() {
        JsonNode stuck = network.get("/api/indicators/stuck-referrals" + OWNER).json();
        assertThat(stuck.get("rows")).hasSize(2);
        JsonNode first = stuck.get("rows").get(0);
        assertThat(first.get("referralId").asString()).isEqualTo(history.r(6).toString());
        assertThat(stuck.get("rows").get(1).get("referralId").asString()).isEqualTo(history.r(12).toString());
        assertThat(first.get("sender").asString()).isEqualTo(history.owner);
        assertThat(first.get("addressee").asString()).isEqualTo(history.ngo);
        assertThat(first.get("serviceType").asString()).isEqualTo("JOB_ORIENTATION");
        assertThat(first.get("dueBy").asString()).isEqualTo("2025-03-13T09:00:00Z");
        long expectedDays = Duration.between(Instant.parse("2025-03-13T09:00:00Z"), Instant.now()).toDays();
        assertThat(first.get("daysOverdue").asLong()).isBetween(expectedDays - 1, expectedDays);
        // nothing that could point at a person
        assertThat(stuck.toString()).doesNotContain("territory", "sector", "Mantova", "AGRICULTURE",
                history.c(6));
        // territory does not narrow the list either
        assertThat(network.get("/api/indicators/stuck-referrals" + OWNER + "&territory=Sermide").json()
                .get("rows")).hasSize(2);
    }

    @Test
    void placementsByKindAgainstThePilotTarget() {
        assertThat(raw("placements-by-kind", history.owner).rows()).containsExactly(
                Map.of("kind", "REGULAR_EMPLOYMENT", "placements", 2L, "people", 2L),
                Map.of("kind", "HOUSING", "placements", 2L, "people", 2L),
                Map.of("kind", "TRAINING_COURSE", "placements", 1L, "people", 1L),
                Map.of("kind", "OTHER", "placements", 0L, "people", 0L));
        Map<String, Object> headline = raw("headline", history.owner).rows().get(0);
        assertThat((Double) headline.get("regularEmploymentProgress")).isCloseTo(2.0 / 15, within(1e-9));
    }

    @Test
    void workloadPerAddressee() {
        assertThat(raw("workload", history.ngo).rows()).containsExactly(Map.of("partner", history.ngo,
                "openInbound", 4L, "awaitingAnswer", 1L, "inProgress", 3L, "overdue", 1L));
        assertThat(raw("workload", history.cpi).rows()).containsExactly(Map.of("partner", history.cpi,
                "openInbound", 3L, "awaitingAnswer", 2L, "inProgress", 1L, "overdue", 1L));
        assertThat(rows(network.get("/api/indicators?partner=" + history.ngo).json(), "workload"))
                .containsExactly(List.of(history.ngo, "<5", "<5", "<5", "<5"));
    }

    @Test
    void timelineByMonthAndPeriodAndTerritoryFilters() {
        assertThat(raw("timeline", history.owner).rows()).containsExactly(
                Map.of("period", "2025-03", "casesOpened", 13L, "casesClosed", 0L, "referralsSent", 12L,
                        "placements", 4L),
                Map.of("period", "2025-04", "casesOpened", 0L, "casesClosed", 4L, "referralsSent", 0L,
                        "placements", 1L));

        Filters firstSixDays = Filters.parse(Map.of("partner", history.owner, "from", "2025-03-01",
                "to", "2025-03-06", "interval", "day"));
        Map<String, Object> headline = queries().headline(firstSixDays).rows().get(0);
        assertThat(headline).containsEntry("casesOpened", 6L).containsEntry("casesClosed", 0L)
                .containsEntry("casesOpen", 6L).containsEntry("referralsSent", 6L).containsEntry("placements", 0L);
        assertThat(queries().timeline(firstSixDays).rows()).hasSize(6)
                .allSatisfy(day -> assertThat(day).containsEntry("casesOpened", 1L));

        Filters sermide = Filters.parse(Map.of("partner", history.owner, "territory", "Sermide"));
        assertThat(queries().headline(sermide).rows().get(0)).containsEntry("casesOpened", 2L)
                .containsEntry("referralsSent", 1L).containsEntry("referralsOverdue", 2L);
        Filters legalAid = Filters.parse(Map.of("partner", history.owner, "serviceType", "LEGAL_AID"));
        assertThat(queries().headline(legalAid).rows().get(0)).containsEntry("referralsSent", 5L)
                .containsEntry("placements", 1L);
    }

    @Test
    void csvExportShowsTheSameSuppressedCells() {
        CabinaTestNetwork.Response csv = network.get("/api/export/cases-by-territory.csv" + OWNER);
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.body()).isEqualTo("""
                territory,casesOpened,casesClosed,casesOpen\r
                Castiglione delle Stiviere,n.d.,<5,<5\r
                Mantova,6,<5,5\r
                Sermide,<5,<5,<5\r
                """);
        for (String table : IndicatorQueries.tableNames()) {
            assertThat(network.get("/api/export/" + table + ".csv" + OWNER).status()).as(table).isEqualTo(200);
        }
        assertThat(network.get("/api/export/headline.csv" + OWNER).body().lines().toList().get(1))
                .isEqualTo("13,<5,9,12,8,n.d.,n.d.,<5,<5,<5,<5,<5,5,<5,15,<5");
    }

    @Test
    void badFiltersAreRefusedWithAProblem() {
        CabinaTestNetwork.Response bad = network.get("/api/indicators?from=2025-13-01&sector=MINING&partner=Bad!"
                + "&colour=red");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.contentType()).startsWith("application/problem+json");
        JsonNode problem = bad.json();
        assertThat(problem.get("type").asString()).isEqualTo("urn:rete:problem:invalid-filter");
        assertThat(problem.get("errors").propertyNames()).containsExactlyInAnyOrder("from", "sector", "partner",
                "colour");
        assertThat(network.get("/api/indicators?from=2025-04-01&to=2025-03-01").status()).isEqualTo(400);
        assertThat(network.get("/api/export/headline.csv?interval=YEAR").status()).isEqualTo(400);
        assertThat(network.get("/api/indicators/no-such-table").status()).isEqualTo(404);
    }

    // ---- helpers

    private static IndicatorQueries queries() {
        return network.bean(IndicatorQueries.class);
    }

    private static Table raw(String table, String partner) {
        return queries().table(table, Filters.parse(Map.of("partner", partner)));
    }

    private static Map<String, Object> funnel(String key, String value, long sent, long accepted, long declined,
                                              long withdrawn, long pending, long answered, double rate) {
        Map<String, Object> row = new java.util.LinkedHashMap<>();
        row.put(key, value);
        row.put("sent", sent);
        row.put("accepted", accepted);
        row.put("declined", declined);
        row.put("withdrawn", withdrawn);
        row.put("pending", pending);
        row.put("answered", answered);
        // nothing in the known history is reported overdue or expires (see DeadlinesAndDirectoryIT)
        row.put("reportedOverdue", 0L);
        row.put("expired", 0L);
        row.put("acceptanceRate", rate);
        return row;
    }

    private static void assertTiming(Map<String, Object> row, String measure, String partner, long n,
                                     double median, double p90) {
        assertThat(row.get("measure")).isEqualTo(measure);
        assertThat(row.get("partner")).isEqualTo(partner);
        assertThat(row.get("observations")).isEqualTo(n);
        assertThat((Double) row.get("median")).isCloseTo(median, within(1e-6));
        assertThat((Double) row.get("p90")).isCloseTo(p90, within(1e-6));
    }

    static String cell(JsonNode dashboard, String table, int row, String column) {
        JsonNode value = dashboard.get("tables").get(table).get("rows").get(row).get(column);
        return value.isObject() ? value.get("display").asString() : value.asString();
    }

    static List<String> row(JsonNode dashboard, String table, int row) {
        List<String> cells = new ArrayList<>();
        for (JsonNode column : dashboard.get("tables").get(table).get("columns")) {
            cells.add(cell(dashboard, table, row, column.get("key").asString()));
        }
        return cells;
    }

    static List<List<String>> rows(JsonNode dashboard, String table) {
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < dashboard.get("tables").get(table).get("rows").size(); i++) {
            rows.add(row(dashboard, table, i));
        }
        return rows;
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static List<ConsumerRecord<String, byte[]>> readDeadLetters(
            java.util.function.Predicate<ConsumerRecord<String, byte[]>> wanted, int expected) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, network.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(LedgerTopics.deadLetter("cabina-di-regia")));
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(record -> {
                    if (wanted.test(record)) {
                        found.add(record);
                    }
                });
                return found.stream().map(ConsumerRecord::key).distinct().count() >= expected;
            });
        }
        return found;
    }
}
