package it.rete.plumbing.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import it.rete.plumbing.serde.WireFormat;
import it.rete.plumbing.testsupport.FramingTestSerializer;
import it.rete.plumbing.testsupport.PlumbingTestApplication;
import it.rete.plumbing.testsupport.TestEvent;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The sequencer on a real embedded PostgreSQL (no relay): events reach the ledger in commit-compatible order, in
 * batches, with a valid hash chain and the exact bytes the serializer writes; a rolled-back write leaves nothing;
 * events left pending by a stopped service are sequenced at the next start; one sequencer at a time.
 */
class OutboxSequencerIT {

    private static final String TOPIC = "rete.seq-partner.events";

    @TempDir
    Path tmp;

    private ConfigurableApplicationContext context;

    /** What the listener was told, batch by batch. */
    static final List<List<SequencedEvent>> told = new CopyOnWriteArrayList<>();

    @Configuration(proxyBeanMethods = false)
    static class Listener {
        @Bean
        SequencedEventsListener recordingListener(DataSource dataSource) {
            JdbcTemplate jdbc = new JdbcTemplate(dataSource);
            return events -> {
                // inside the sequencer's transaction: the outbox rows are already visible to it
                assertThat(jdbc.queryForObject("SELECT count(*) FROM outbox WHERE id = ?", Long.class,
                        events.get(0).eventId())).isOne();
                told.add(events);
            };
        }
    }

    @AfterEach
    void close() {
        if (context != null) {
            context.close();
        }
        told.clear();
    }

    private ConfigurableApplicationContext start(boolean sequencerRunning, int batchSize) {
        return new SpringApplicationBuilder(PlumbingTestApplication.class, Listener.class)
                .web(WebApplicationType.NONE)
                .properties("rete.data-dir=" + tmp.resolve("service-data"),
                        "rete.outbox.topic=" + TOPIC,
                        "rete.outbox.source=/rete/partners/seq-partner",
                        "rete.relay.enabled=false",
                        "rete.outbox.sequencer.enabled=" + sequencerRunning,
                        "rete.outbox.sequencer.batch-size=" + batchSize,
                        "spring.kafka.producer.value-serializer=" + FramingTestSerializer.class.getName(),
                        "spring.main.banner-mode=off")
                .run();
    }

    private UUID append(String note) {
        UUID id = UUID.randomUUID();
        context.getBean(TransactionTemplate.class).executeWithoutResult(status -> context.getBean(OutboxWriter.class)
                .append(new OutboxEvent(id, "CaseNoted", "case-" + note, Instant.now(),
                        new TestEvent(id.toString(), "case-" + note, 0, "", note))));
        return id;
    }

    private JdbcTemplate jdbc() {
        return context.getBean(JdbcTemplate.class);
    }

    private long pending() {
        return jdbc().queryForObject("SELECT count(*) FROM outbox_pending", Long.class);
    }

    @Test
    void committedEventsAreSequencedInIdOrderInBatchesWithTheSerializersExactBytes() {
        context = start(false, 3);
        OutboxSequencer sequencer = context.getBean(OutboxSequencer.class);
        assertThat(sequencer.isRunning()).isFalse();
        List<UUID> written = new ArrayList<>();
        Instant before = Instant.now();
        for (int i = 0; i < 7; i++) {
            written.add(append("n" + i));
        }
        // a rolled-back write leaves nothing to sequence
        context.getBean(TransactionTemplate.class).executeWithoutResult(status -> {
            append("rolled back");
            status.setRollbackOnly();
        });
        assertThat(pending()).isEqualTo(7);
        assertThat(jdbc().queryForObject("SELECT count(*) FROM outbox", Long.class)).isZero();

        assertThat(List.of(sequencer.sequenceBatch(), sequencer.sequenceBatch(), sequencer.sequenceBatch(),
                sequencer.sequenceBatch())).containsExactly(3, 3, 1, 0);
        assertThat(pending()).isZero();
        assertThat(told).extracting(List::size).containsExactly(3, 3, 1);
        assertThat(told.stream().flatMap(List::stream).map(SequencedEvent::eventId)).containsExactlyElementsOf(written);

        List<Map<String, Object>> rows = jdbc().queryForList(
                "SELECT id, payload, sequence, event_hash, previous_hash, committed_at FROM outbox ORDER BY sequence");
        assertThat(rows).extracting(r -> r.get("id")).containsExactlyElementsOf(written);
        String previous = LedgerPosition.GENESIS_HASH;
        var serializer = new FramingTestSerializer();
        for (int i = 0; i < rows.size(); i++) {
            Map<String, Object> row = rows.get(i);
            byte[] payload = (byte[]) row.get("payload");
            long sequence = (Long) row.get("sequence");
            assertThat(sequence).isEqualTo(i + 1);
            assertThat(row.get("previous_hash")).isEqualTo(previous);
            assertThat(row.get("event_hash")).isEqualTo(HashChain.eventHash(payload));
            // byte for byte what the serializer writes for the event at its position
            UUID id = (UUID) row.get("id");
            assertThat(payload).isEqualTo(serializer.serialize(TOPIC, new TestEvent(id.toString(),
                    "case-n" + i, sequence, previous, "n" + i)));
            GenericRecord event = FramingTestSerializer.read(WireFormat.avroBody(payload));
            assertThat(event.get("sequence")).isEqualTo(sequence);
            // the request's commit, not the sequencer's
            assertThat(((java.sql.Timestamp) row.get("committed_at")).toInstant()).isAfterOrEqualTo(
                    before.minusSeconds(1)).isBefore(Instant.now());
            previous = (String) row.get("event_hash");
        }
        assertThat(jdbc().queryForMap("SELECT last_sequence, last_hash FROM ledger_head WHERE topic = ?", TOPIC))
                .containsEntry("last_sequence", 7L).containsEntry("last_hash", previous);
    }

    @Test
    void eventsLeftPendingAreSequencedAtTheNextStartAndCommitsWakeTheSequencer() {
        context = start(false, 500);
        List<UUID> written = List.of(append("left-1"), append("left-2"), append("left-3"));
        assertThat(pending()).isEqualTo(3);
        context.close();

        context = start(true, 500);
        awaitNothingPending(Duration.ofSeconds(10));
        assertThat(jdbc().queryForList("SELECT id FROM outbox ORDER BY sequence", UUID.class))
                .containsExactlyElementsOf(written);

        // woken by the commit, not by the poll: a few ms at most (the poll is 200 ms), unless the machine is busy
        long started = System.nanoTime();
        UUID next = append("woken");
        awaitNothingPending(Duration.ofSeconds(10));
        System.out.printf("MEASURE commit -> sequenced (idle sequencer) in %.1f ms%n",
                (System.nanoTime() - started) / 1e6);
        assertThat(jdbc().queryForObject("SELECT sequence FROM outbox WHERE id = ?", Long.class, next)).isEqualTo(4);
        assertThat(context.getBean(io.micrometer.core.instrument.MeterRegistry.class)
                .get("rete.outbox.sequencing.lag").timer().count()).isEqualTo(4);
    }

    @Test
    void aTransactionWakesTheSequencerOnceAfterItCommitsHoweverManyEventsItAppends() {
        context = start(false, 500);
        AtomicInteger wakeUps = new AtomicInteger();
        OutboxWriter writer = new OutboxWriter(context.getBean(DataSource.class),
                context.getBean(OutboxProperties.class), new FramingTestSerializer(), wakeUps::incrementAndGet);
        TransactionTemplate transactions = context.getBean(TransactionTemplate.class);

        transactions.executeWithoutResult(status -> {
            for (int i = 0; i < 3; i++) {
                UUID id = UUID.randomUUID();
                writer.append(new OutboxEvent(id, "CaseNoted", "case-many", Instant.now(),
                        new TestEvent(id.toString(), "case-many", 0, "", "note " + i)));
            }
            assertThat(wakeUps).as("not before the commit").hasValue(0);
        });
        assertThat(wakeUps).hasValue(1);
        assertThat(pending()).isEqualTo(3);

        transactions.executeWithoutResult(status -> {
            UUID id = UUID.randomUUID();
            writer.append(new OutboxEvent(id, "CaseNoted", "case-undone", Instant.now(),
                    new TestEvent(id.toString(), "case-undone", 0, "", "undone")));
            status.setRollbackOnly();
        });
        assertThat(wakeUps).as("a rolled-back transaction wakes nobody").hasValue(1);

        transactions.executeWithoutResult(status -> {
            UUID id = UUID.randomUUID();
            writer.append(new OutboxEvent(id, "CaseNoted", "case-next", Instant.now(),
                    new TestEvent(id.toString(), "case-next", 0, "", "next")));
        });
        assertThat(wakeUps).as("the next transaction wakes it again").hasValue(2);
        assertThat(pending()).isEqualTo(4);
    }

    @Test
    void aSecondSequencerDoesNothingWhileTheLockIsHeldAndTheChainStaysValidUnderConcurrentWriters()
            throws Exception {
        context = start(true, 50);
        DataSource dataSource = context.getBean(DataSource.class);
        OutboxSequencer second = new OutboxSequencer(dataSource, context.getBean(PlatformTransactionManager.class),
                List.of(), 50, Duration.ofMillis(20), null);

        // another sequencer holds the advisory lock: nothing is sequenced meanwhile
        try (Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            holder.createStatement().execute("SELECT pg_advisory_xact_lock(" + OutboxSequencer.ADVISORY_LOCK + ")");
            UUID held = append("while locked");
            Thread.sleep(500);
            assertThat(second.sequenceBatch()).isZero();
            assertThat(pending()).isOne();
            holder.rollback();
            awaitNothingPending(Duration.ofSeconds(10));
            assertThat(jdbc().queryForObject("SELECT sequence FROM outbox WHERE id = ?", Long.class, held))
                    .isEqualTo(1);
        }

        // eight writers and two sequencers at once
        second.start();
        List<List<UUID>> byWriter = new ArrayList<>();
        long started = System.nanoTime();
        ExecutorService writers = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                List<UUID> own = Collections.synchronizedList(new ArrayList<>());
                byWriter.add(own);
                done.add(writers.submit(() -> {
                    for (int i = 0; i < 40; i++) {
                        own.add(append("w-" + i));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
        }
        finally {
            writers.shutdownNow();
        }
        awaitNothingPending(Duration.ofSeconds(30));
        System.out.printf("MEASURE 320 events by 8 writers (one transaction each), all sequenced in %d ms%n",
                (System.nanoTime() - started) / 1_000_000);
        second.stop();

        List<Map<String, Object>> rows = jdbc().queryForList(
                "SELECT id, payload, sequence, event_hash, previous_hash FROM outbox ORDER BY sequence");
        assertThat(rows).hasSize(321);
        assertThat(rows).extracting(r -> r.get("id"))
                .containsAll(byWriter.stream().flatMap(List::stream).toList());
        String previous = LedgerPosition.GENESIS_HASH;
        for (int i = 0; i < rows.size(); i++) {
            Map<String, Object> row = rows.get(i);
            assertThat(row.get("sequence")).isEqualTo(i + 1L);
            assertThat(row.get("previous_hash")).as("previous hash of %d", i + 1).isEqualTo(previous);
            GenericRecord event = FramingTestSerializer.read(WireFormat.avroBody((byte[]) row.get("payload")));
            assertThat(event.get("sequence")).isEqualTo(i + 1L);
            assertThat(event.get("previousEventHash").toString()).isEqualTo(previous);
            previous = HashChain.eventHash((byte[]) row.get("payload"));
            assertThat(row.get("event_hash")).isEqualTo(previous);
        }
        // a writer's event was committed before its next began: each writer's events are in the ledger in order
        Map<UUID, Long> sequenceOf = new java.util.HashMap<>();
        rows.forEach(r -> sequenceOf.put((UUID) r.get("id"), (Long) r.get("sequence")));
        for (List<UUID> own : byWriter) {
            assertThat(own.stream().map(sequenceOf::get).toList()).hasSize(40).isSorted();
        }
    }

    private void awaitNothingPending(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pending() > 0) {
            assertThat(System.nanoTime()).as("events still pending").isLessThan(deadline);
            try {
                Thread.sleep(5);
            }
            catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
