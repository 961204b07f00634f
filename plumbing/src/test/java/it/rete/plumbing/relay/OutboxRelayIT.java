package it.rete.plumbing.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import it.rete.plumbing.outbox.AppendedEvent;
import it.rete.plumbing.outbox.HashChain;
import it.rete.plumbing.outbox.LedgerPosition;
import it.rete.plumbing.outbox.OutboxEvent;
import it.rete.plumbing.outbox.OutboxWriter;
import it.rete.plumbing.postgres.EmbeddedPostgresServer;
import it.rete.plumbing.serde.WireFormat;
import it.rete.plumbing.testsupport.FramingTestSerializer;
import it.rete.localnetwork.EmbeddedKafkaBroker;
import it.rete.plumbing.testsupport.PlumbingTestApplication;
import it.rete.plumbing.testsupport.TestEvent;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox end to end on a real embedded PostgreSQL and a real (in-process KRaft) Kafka broker: commit ->
 * Debezium -> Kafka, rollback -> nothing, the hash chain, and restarts of the relay and of the whole service.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OutboxRelayIT {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelayIT.class);

    private static final String TOPIC = "rete.it-partner.events";
    private static final String SOURCE = "/rete/partners/it-partner";

    @TempDir
    static Path tmp;

    private EmbeddedKafkaBroker broker;
    private ConfigurableApplicationContext context;
    private KafkaConsumer<String, byte[]> consumer;

    /** Every event committed so far, in ledger order. */
    private final List<UUID> committed = new ArrayList<>();
    private final Map<UUID, Instant> occurredAt = new HashMap<>();

    @BeforeAll
    void startBroker() throws Exception {
        long started = System.nanoTime();
        broker = EmbeddedKafkaBroker.start(tmp.resolve("kafka"), 0);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        log.info("MEASURE broker ready in {} ms", (System.nanoTime() - started) / 1_000_000);
        consumer = consumer("it-" + UUID.randomUUID());
    }

    @AfterAll
    void stopAll() {
        if (consumer != null) {
            consumer.close();
        }
        if (context != null) {
            context.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private ConfigurableApplicationContext startService(boolean relayEnabled) {
        long started = System.nanoTime();
        ConfigurableApplicationContext started_ = new SpringApplicationBuilder(PlumbingTestApplication.class)
                .web(org.springframework.boot.WebApplicationType.NONE)
                .properties(
                        "rete.data-dir=" + tmp.resolve("service-data"),
                        "rete.outbox.topic=" + TOPIC,
                        "rete.outbox.source=" + SOURCE,
                        "rete.relay.enabled=" + relayEnabled,
                        "spring.kafka.bootstrap-servers=" + broker.bootstrapServers(),
                        "spring.kafka.producer.value-serializer=" + FramingTestSerializer.class.getName(),
                        "spring.main.banner-mode=off")
                .run();
        log.info("MEASURE service context (embedded PG{}) ready in {} ms", relayEnabled ? " + relay" : "",
                (System.nanoTime() - started) / 1_000_000);
        return started_;
    }

    private KafkaConsumer<String, byte[]> consumer(String group) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        var kafkaConsumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        kafkaConsumer.subscribe(List.of(TOPIC));
        return kafkaConsumer;
    }

    /** Polls until {@code done} holds for what arrived (or the timeout), then returns everything that arrived. */
    private static List<ConsumerRecord<String, byte[]>> pollUntil(KafkaConsumer<String, byte[]> consumer,
            Predicate<List<ConsumerRecord<String, byte[]>>> done, Duration timeout) {
        List<ConsumerRecord<String, byte[]>> received = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(received) && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(5)).forEach(received::add);
        }
        return received;
    }

    private static Predicate<List<ConsumerRecord<String, byte[]>>> containsAll(List<UUID> ids) {
        return records -> records.stream().map(OutboxRelayIT::ceId).toList()
                .containsAll(ids.stream().map(UUID::toString).toList());
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String ceId(ConsumerRecord<String, byte[]> record) {
        return header(record, "ce_id");
    }

    /** One committed event, the way a service appends one. */
    private AppendedEvent append(String caseId, String note) {
        TransactionTemplate tx = context.getBean(TransactionTemplate.class);
        OutboxWriter writer = context.getBean(OutboxWriter.class);
        UUID id = UUID.randomUUID();
        Instant now = Instant.now();
        AppendedEvent appended = tx.execute(status -> writer.append(new OutboxEvent(id, "CaseNoted", caseId, now,
                new TestEvent(id.toString(), caseId, 0, "", note))));
        committed.add(id);
        occurredAt.put(id, now);
        return appended;
    }

    private void awaitNothingPending() {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (jdbc().queryForObject("SELECT count(*) FROM outbox_pending", Long.class) > 0) {
            assertThat(System.nanoTime()).as("events still pending sequencing").isLessThan(deadline);
            try {
                Thread.sleep(20);
            }
            catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private JdbcTemplate jdbc() {
        return context.getBean(JdbcTemplate.class);
    }

    @Test
    @Order(1)
    void committedEventsArePublishedWithCloudEventsHeadersAndRolledBackOnesAreNot() {
        context = startService(true);
        OutboxRelay relay = context.getBean(OutboxRelay.class);
        assertThat(relay.isRunning()).isTrue();
        assertThat(relay.isSlotActive()).isTrue();
        assertThat(jdbc().queryForObject("SHOW synchronous_commit", String.class)).isEqualTo("on");

        AppendedEvent first = append("case-1", "opened");

        // rolled back after the outbox write: nothing is written, nothing published
        UUID rolledBack = UUID.randomUUID();
        TransactionTemplate tx = context.getBean(TransactionTemplate.class);
        OutboxWriter writer = context.getBean(OutboxWriter.class);
        tx.executeWithoutResult(status -> {
            writer.append(new OutboxEvent(rolledBack, "CaseNoted", "case-rb", Instant.now(),
                    new TestEvent(rolledBack.toString(), "case-rb", 0, "", "x")));
            status.setRollbackOnly();
        });
        // serialization fails (registry down): the exception propagates, the transaction rolls back
        UUID unserializable = UUID.randomUUID();
        assertThatThrownBy(() -> tx.executeWithoutResult(status -> writer.append(new OutboxEvent(
                unserializable, "CaseNoted", "case-rb", Instant.now(), new TestEvent(unserializable.toString(),
                        "case-rb", 0, "", FramingTestSerializer.REGISTRY_DOWN)))))
                .isInstanceOf(SerializationException.class);
        // outside a transaction: refused
        assertThatThrownBy(() -> writer.append(new OutboxEvent(UUID.randomUUID(), "CaseNoted", "case-rb",
                Instant.now(), new TestEvent("x", "case-rb", 0, "", "x"))))
                .isInstanceOf(IllegalTransactionStateException.class);

        AppendedEvent second = append("case-2", "referred");
        AppendedEvent third = append("case-1", "closed");
        // each was committed before the next began: sequenced in that order
        awaitNothingPending();
        assertThat(jdbc().queryForList("SELECT id FROM outbox ORDER BY sequence", UUID.class))
                .containsExactly(first.eventId(), second.eventId(), third.eventId());

        List<ConsumerRecord<String, byte[]>> received = pollUntil(consumer, containsAll(committed),
                Duration.ofSeconds(30));
        // a little longer: anything else (the rolled-back events) would have come before the last committed one
        received.addAll(pollUntil(consumer, r -> false, Duration.ofMillis(500)));

        assertThat(received).extracting(OutboxRelayIT::ceId)
                .containsExactlyInAnyOrderElementsOf(committed.stream().map(UUID::toString).toList())
                .doesNotContain(rolledBack.toString(), unserializable.toString());
        assertThat(jdbc().queryForObject("SELECT count(*) FROM outbox WHERE id IN (?, ?)", Integer.class,
                rolledBack, unserializable)).isZero();

        for (ConsumerRecord<String, byte[]> record : received) {
            UUID id = UUID.fromString(ceId(record));
            Map<String, Object> row = jdbc().queryForMap(
                    "SELECT aggregateid, type, payload, sequence, event_hash FROM outbox WHERE id = ?", id);
            assertThat(record.key()).isEqualTo(row.get("aggregateid"));
            assertThat(record.value()).isEqualTo((byte[]) row.get("payload"));
            assertThat(WireFormat.schemaId(record.value())).isEqualTo(FramingTestSerializer.SCHEMA_ID);
            assertThat(header(record, "ce_type")).isEqualTo("CaseNoted");
            assertThat(header(record, "ce_source")).isEqualTo(SOURCE);
            assertThat(header(record, "ce_subject")).isEqualTo(record.key());
            assertThat(header(record, "ce_specversion")).isEqualTo("1.0");
            assertThat(header(record, "content-type")).isEqualTo("application/avro");
            assertThat(Instant.parse(header(record, "ce_time")))
                    .isEqualTo(occurredAt.get(id).truncatedTo(ChronoUnit.MICROS));
            assertThat(HashChain.eventHash(record.value())).isEqualTo(row.get("event_hash"));
        }
        assertChain(received);

        assertThat(context.getBean(HealthContributorRegistry.class).getContributor("debezium"))
                .isInstanceOf(OutboxRelayHealthIndicator.class);
        HealthIndicator health = context.getBean("debeziumHealthIndicator", HealthIndicator.class);
        Health h = health.health();
        assertThat(h.getStatus()).isEqualTo(Status.UP);
        assertThat(h.getDetails()).containsEntry("slot", "outbox_rete_it_partner_events")
                .containsEntry("topic", TOPIC).containsEntry("eventsRelayed", 3L);
    }

    /** Sequences 1..n without gaps; each previous hash is the SHA-256 of the previous event's Avro body. */
    private static void assertChain(List<ConsumerRecord<String, byte[]>> records) {
        Map<Long, byte[]> bySequence = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            GenericRecord event = FramingTestSerializer.read(WireFormat.avroBody(record.value()));
            bySequence.put((Long) event.get("sequence"), record.value());
        }
        assertThat(bySequence).hasSize(records.size());
        String previousHash = LedgerPosition.GENESIS_HASH;
        for (long sequence = 1; sequence <= records.size(); sequence++) {
            byte[] value = bySequence.get(sequence);
            assertThat(value).as("sequence %d", sequence).isNotNull();
            GenericRecord event = FramingTestSerializer.read(WireFormat.avroBody(value));
            assertThat(event.get("previousEventHash").toString()).as("previous hash of %d", sequence)
                    .isEqualTo(previousHash);
            previousHash = HashChain.sha256Hex(WireFormat.avroBody(value));
        }
    }

    @Test
    @Order(2)
    void commitToKafkaLatency() {
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            AppendedEvent appended = append("case-" + (i % 5), "latency " + i);
            long committedAt = System.nanoTime();
            String id = appended.eventId().toString();
            List<ConsumerRecord<String, byte[]>> got = pollUntil(consumer,
                    r -> r.stream().anyMatch(record -> id.equals(ceId(record))), Duration.ofSeconds(10));
            assertThat(got).extracting(OutboxRelayIT::ceId).contains(id);
            micros.add((System.nanoTime() - committedAt) / 1_000);
        }
        micros.sort(Long::compare);
        log.info("MEASURE commit -> consumer latency over {} events: p50 {} ms, p90 {} ms, max {} ms",
                micros.size(), micros.get(micros.size() / 2) / 1000.0, micros.get(micros.size() * 9 / 10) / 1000.0,
                micros.get(micros.size() - 1) / 1000.0);
        var lag = context.getBean(io.micrometer.core.instrument.MeterRegistry.class).get("rete.relay.lag").timer();
        log.info("MEASURE relay lag timer (ce_time -> Kafka ack): {} events, mean {} ms, max {} ms", lag.count(),
                lag.mean(TimeUnit.MILLISECONDS), lag.max(TimeUnit.MILLISECONDS));
        assertThat(lag.count()).isGreaterThanOrEqualTo(micros.size());
    }

    @Test
    @Order(3)
    void eventsWrittenWhileTheRelayIsStoppedArePublishedWhenItRestarts() {
        OutboxRelay relay = context.getBean(OutboxRelay.class);
        relay.stop();
        assertThat(relay.isRunning()).isFalse();
        assertThat(context.getBean("debeziumHealthIndicator", HealthIndicator.class).health().getStatus())
                .isEqualTo(Status.DOWN);
        List<UUID> whileDown = List.of(append("case-7", "while relay down").eventId(),
                append("case-8", "while relay down").eventId());

        long started = System.nanoTime();
        relay.start();
        log.info("MEASURE relay restart (slot active) in {} ms", (System.nanoTime() - started) / 1_000_000);
        List<ConsumerRecord<String, byte[]>> got = pollUntil(consumer, containsAll(whileDown),
                Duration.ofSeconds(30));
        assertThat(got).extracting(OutboxRelayIT::ceId)
                .containsExactlyInAnyOrderElementsOf(whileDown.stream().map(UUID::toString).toList());
    }

    @Test
    @Order(4)
    void afterAServiceRestartPendingEventsArePublishedAndNothingIsPublishedTwice() {
        context.close();
        // the service runs without its relay (same data dir, so the same PostgreSQL data) and writes two events
        context = startService(false);
        assertThat(context.getBeansOfType(OutboxRelay.class)).isEmpty();
        List<UUID> whileDown = List.of(append("case-9", "relay absent").eventId(),
                append("case-9", "relay absent").eventId());
        context.close();

        context = startService(true);
        List<ConsumerRecord<String, byte[]>> got = pollUntil(consumer, containsAll(whileDown),
                Duration.ofSeconds(30));
        got.addAll(pollUntil(consumer, r -> false, Duration.ofMillis(500)));
        assertThat(got).extracting(OutboxRelayIT::ceId)
                .containsExactlyInAnyOrderElementsOf(whileDown.stream().map(UUID::toString).toList());

        // a new consumer group reads the whole ledger: every committed event exactly once, a gapless chain
        try (KafkaConsumer<String, byte[]> fresh = consumer("all-" + UUID.randomUUID())) {
            List<ConsumerRecord<String, byte[]>> all = pollUntil(fresh, containsAll(committed),
                    Duration.ofSeconds(30));
            all.addAll(pollUntil(fresh, r -> false, Duration.ofMillis(500)));
            assertThat(all).extracting(OutboxRelayIT::ceId)
                    .containsExactlyInAnyOrderElementsOf(committed.stream().map(UUID::toString).toList());
            assertChain(all);
        }
        assertThat(jdbc().queryForObject("SELECT count(*) FROM outbox", Long.class)).isEqualTo(committed.size());
        assertThat(jdbc().queryForObject("SELECT last_sequence FROM ledger_head WHERE topic = ?", Long.class, TOPIC))
                .isEqualTo(committed.size());
        // the service's own Flyway ran after the plumbing's, each with its own history
        assertThat(jdbc().queryForObject("SELECT count(*) FROM service_note", Long.class)).isZero();
        assertThat(jdbc().queryForObject("SELECT max(version) FROM plumbing_schema_history", String.class))
                .isEqualTo("2");
        assertThat(context.getBean(EmbeddedPostgresServer.class).dataDirectory())
                .isEqualTo(tmp.resolve("service-data").resolve("postgres"));
    }

    @Test
    @Order(5)
    void offsetsOfADroppedSlotAreSetAsideAndNewEventsStillFlow() throws Exception {
        OutboxRelay relay = context.getBean(OutboxRelay.class);
        relay.stop();
        // the engine has stopped, but PostgreSQL releases the slot only when the walsender notices the disconnect
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (Boolean.TRUE.equals(jdbc().queryForObject(
                "SELECT active FROM pg_replication_slots WHERE slot_name = ?", Boolean.class, relay.slotName()))) {
            assertThat(System.nanoTime()).as("slot %s still active", relay.slotName()).isLessThan(deadline);
            Thread.sleep(100);
        }
        jdbc().queryForObject("SELECT pg_drop_replication_slot(?)", Object.class, relay.slotName());
        assertThat(relay.offsetsFile()).exists();

        relay.start();
        try (var siblings = java.nio.file.Files.list(relay.offsetsFile().getParent())) {
            assertThat(siblings.map(p -> p.getFileName().toString()))
                    .anyMatch(name -> name.startsWith("offsets.dat.stale-"));
        }
        UUID id = append("case-10", "after slot loss").eventId();
        List<ConsumerRecord<String, byte[]>> got = pollUntil(consumer, containsAll(List.of(id)),
                Duration.ofSeconds(30));
        assertThat(got).extracting(OutboxRelayIT::ceId).containsExactly(id.toString());
    }
}
