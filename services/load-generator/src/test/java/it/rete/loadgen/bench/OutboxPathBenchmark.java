package it.rete.loadgen.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import it.rete.contracts.ReferralSent;
import it.rete.localnetwork.EmbeddedKafkaBroker;
import it.rete.plumbing.outbox.OutboxSequencer;
import it.rete.plumbing.outbox.PositionSlots;
import it.rete.plumbing.postgres.EmbeddedPostgresServer;
import it.rete.plumbing.relay.OutboxRelay;
import it.rete.plumbing.relay.RelayProperties;
import it.rete.plumbing.serde.WireFormat;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.tools.ProducerPerformance;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * The outbox path alone, per event, as the partner service writes: each request commits its event to
 * {@code outbox_pending} in a PostgreSQL transaction of its own (synchronous commit, fsync on) and wakes the
 * {@link OutboxSequencer}, which places committed events in the ledger in batches (sequence, previous hash, one
 * commit per batch); Debezium reads the outbox rows from the replication slot, the relay produces them and Kafka
 * acknowledges them. Against the same bytes sent by a plain idempotent {@code acks=all} KafkaProducer with the
 * relay's settings, to the same broker (an in-process KRaft broker, plaintext). Kafka's own
 * {@code ProducerPerformance} is run once at set-up on records of the same size, as a reference printed with the
 * results.
 *
 * <p>{@code writers} concurrent request threads (1: one request after another; 8: as many API threads at once),
 * each with its own connection; each invocation writes {@value #BATCH} events and waits until the relay has had
 * every one acknowledged. The serialization of the event is not part of it (see {@link SerdeBenchmark}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 10)
@Measurement(iterations = 5, time = 10)
@Fork(value = 1, jvmArgsAppend = "-Xmx512m")
public class OutboxPathBenchmark {

    static final int BATCH = 500;
    private static final String OUTBOX_TOPIC = "rete.bench-outbox.events";
    private static final String PLAIN_TOPIC = "rete.bench-plain.events";

    @Param({"1", "8"})
    public int writers;

    private Path dir;
    private EmbeddedKafkaBroker broker;
    private EmbeddedPostgresServer postgres;
    private OutboxRelay relay;
    private OutboxSequencer sequencer;
    private ExecutorService requests;
    private List<Connection> connections;
    private KafkaProducer<String, byte[]> producer;
    private byte[] payload;
    private PositionSlots slots;

    @Setup
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("outbox-bench-");
        broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(OUTBOX_TOPIC, 3, (short) 1),
                    new NewTopic(PLAIN_TOPIC, 3, (short) 1), new NewTopic("rete.bench-perf.events", 3, (short) 1)))
                    .all().get(30, TimeUnit.SECONDS);
        }
        postgres = EmbeddedPostgresServer.start(dir.resolve("postgres"), 0, 4);
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(postgres.jdbcUrl());
        dataSource.setUser(EmbeddedPostgresServer.SUPERUSER);
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute(resource("db/plumbing/V1__outbox_ledger_inbox.sql"));
            st.execute(resource("db/plumbing/V2__outbox_pending.sql"));
        }
        Map<String, Object> producerConfig = new HashMap<>();
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        relay = new OutboxRelay(new RelayProperties(), OUTBOX_TOPIC, dir.resolve("offsets.dat"),
                postgres.connectionInfo(), dataSource, producerConfig, null);
        relay.start();
        // the partner service's sequencer settings (rete.outbox.sequencer.*)
        sequencer = new OutboxSequencer(dataSource, new DataSourceTransactionManager(dataSource), List.of(), 500,
                Duration.ofMillis(200), null);
        sequencer.start();

        requests = Executors.newFixedThreadPool(writers);
        connections = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            Connection connection = dataSource.getConnection();
            connection.setAutoCommit(false);
            connections.add(connection);
        }

        // the same relay settings for the plain producer (see OutboxRelay.producerConfig)
        Map<String, Object> plain = new HashMap<>(producerConfig);
        plain.put(ProducerConfig.ACKS_CONFIG, "all");
        plain.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        plain.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        plain.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        producer = new KafkaProducer<>(plain, new StringSerializer(), new ByteArraySerializer());

        // a framed ReferralSent at the placeholder position, as a request stores it, and where its position goes
        ReferralSent event = Events.referralSent();
        event.getEnvelope().setSequence(2L);
        event.getEnvelope().setPreviousEventHash("f".repeat(64));
        byte[] probe = framed(event);
        event.getEnvelope().setSequence(PositionSlots.PLACEHOLDER.sequence());
        event.getEnvelope().setPreviousEventHash(PositionSlots.PLACEHOLDER.previousEventHash());
        payload = framed(event);
        slots = PositionSlots.locate(payload, probe);

        System.out.println("Reference: Kafka's ProducerPerformance, 100000 records of " + payload.length
                + " bytes, acks=all, idempotent, linger.ms=0, same broker:");
        ProducerPerformance.main(new String[] {"--topic", "rete.bench-perf.events", "--num-records", "100000",
                "--record-size", String.valueOf(payload.length), "--throughput", "-1", "--producer-props",
                "bootstrap.servers=" + broker.bootstrapServers(), "acks=all", "enable.idempotence=true",
                "linger.ms=0", "max.in.flight.requests.per.connection=5"});
    }

    @TearDown
    public void tearDown() throws Exception {
        producer.close();
        requests.shutdownNow();
        sequencer.stop();
        for (Connection connection : connections) {
            connection.close();
        }
        relay.stop();
        postgres.close();
        broker.close();
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Request commits + sequencing + Debezium + produce, until Kafka acknowledged all of them. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long outboxPath() throws Exception {
        long target = relay.eventsRelayed() + BATCH;
        long t0 = System.nanoTime();
        List<Future<?>> done = new ArrayList<>(writers);
        for (int w = 0; w < writers; w++) {
            Connection connection = connections.get(w);
            int events = BATCH / writers + (w < BATCH % writers ? 1 : 0);
            done.add(requests.submit(() -> {
                for (int i = 0; i < events; i++) {
                    commitOne(connection);
                }
                return null;
            }));
        }
        for (Future<?> writer : done) {
            writer.get();
        }
        long t1 = System.nanoTime();
        while (relay.eventsRelayed() < target) {
            Thread.sleep(0, 200_000);
        }
        // where the time goes: the requests' commits, or sequencing, Debezium and Kafka after the last one
        System.out.printf("commits %.0f us/event, then waited %.0f ms for the relay%n",
                (t1 - t0) / 1e3 / BATCH, (System.nanoTime() - t1) / 1e6);
        return target;
    }

    /** The same bytes, keys and headers through a plain producer, until Kafka acknowledged all of them. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long plainProducer() throws InterruptedException, ExecutionException {
        List<Future<RecordMetadata>> acks = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            String caseId = UUID.randomUUID().toString();
            var record = new ProducerRecord<>(PLAIN_TOPIC, caseId, payload);
            for (String header : new String[] {"ce_id", "ce_type", "ce_source", "ce_specversion", "ce_subject",
                    "ce_time"}) {
                record.headers().add(header, caseId.getBytes(StandardCharsets.UTF_8));
            }
            acks.add(producer.send(record));
        }
        long last = 0;
        for (Future<RecordMetadata> ack : acks) {
            last = ack.get().offset();
        }
        return last;
    }

    /** What a request's transaction adds for its event (OutboxWriter.append), then its commit and wake-up. */
    private void commitOne(Connection connection) throws SQLException {
        String caseId = UUID.randomUUID().toString();
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO outbox_pending (event_id, aggregatetype, aggregateid, type, payload, sequence_offset,
                                            hash_offset, ce_source, ce_time, ce_subject, topic)
                VALUES (?, 'case', ?, 'it.rete.contracts.ReferralSent', ?, ?, ?, '/rete/partners/bench', ?, ?, ?)""")) {
            insert.setObject(1, UUID.randomUUID());
            insert.setString(2, caseId);
            insert.setBytes(3, payload);
            insert.setInt(4, slots.sequenceOffset());
            insert.setInt(5, slots.hashOffset());
            insert.setTimestamp(6, Timestamp.from(Instant.now()));
            insert.setString(7, caseId);
            insert.setString(8, OUTBOX_TOPIC);
            insert.executeUpdate();
        }
        connection.commit();
        sequencer.signal();
    }

    private static byte[] framed(ReferralSent event) throws IOException {
        var out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<>(ReferralSent.class).write(event, encoder);
        encoder.flush();
        return WireFormat.frame(1, out.toByteArray());
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = OutboxPathBenchmark.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException(name + " not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
