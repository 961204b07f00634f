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
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import it.rete.localnetwork.EmbeddedKafkaBroker;
import it.rete.plumbing.outbox.HashChain;
import it.rete.plumbing.outbox.LedgerPosition;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The outbox path alone, per event: insert into the outbox and move the ledger head in one PostgreSQL transaction
 * (synchronous commit, fsync on), commit, Debezium reads it from the replication slot, the relay produces it and
 * Kafka acknowledges it. Against the same bytes sent by a plain idempotent {@code acks=all} KafkaProducer with the
 * relay's settings, to the same broker (an in-process KRaft broker, plaintext, as the relay benchmark's only
 * client). Kafka's own {@code ProducerPerformance} is run once at set-up on records of the same size, as a
 * reference printed with the results.
 *
 * <p>One writer, one transaction per event, as one partner's API thread after another; each invocation writes
 * {@value #BATCH} events and waits until the relay has had every one acknowledged.
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

    private Path dir;
    private EmbeddedKafkaBroker broker;
    private EmbeddedPostgresServer postgres;
    private OutboxRelay relay;
    private Connection connection;
    private PreparedStatement insert;
    private PreparedStatement moveHead;
    private KafkaProducer<String, byte[]> producer;
    private byte[] payload;
    private long sequence;
    private String lastHash = LedgerPosition.GENESIS_HASH;

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
        }
        Map<String, Object> producerConfig = new HashMap<>();
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        relay = new OutboxRelay(new RelayProperties(), OUTBOX_TOPIC, dir.resolve("offsets.dat"),
                postgres.connectionInfo(), dataSource, producerConfig, null);
        relay.start();

        connection = dataSource.getConnection();
        connection.setAutoCommit(false);
        insert = connection.prepareStatement("""
                INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload, ce_source, ce_time, ce_subject,
                                    topic, sequence, event_hash, previous_hash)
                VALUES (?, 'case', ?, 'it.rete.contracts.ReferralSent', ?, '/rete/partners/bench', ?, ?, ?, ?, ?, ?)""");
        moveHead = connection.prepareStatement("""
                INSERT INTO ledger_head (topic, last_sequence, last_hash) VALUES (?, ?, ?)
                ON CONFLICT (topic) DO UPDATE SET last_sequence = excluded.last_sequence, last_hash = excluded.last_hash""");

        // the same relay settings for the plain producer (see OutboxRelay.producerConfig)
        Map<String, Object> plain = new HashMap<>(producerConfig);
        plain.put(ProducerConfig.ACKS_CONFIG, "all");
        plain.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        plain.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        plain.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        producer = new KafkaProducer<>(plain, new StringSerializer(), new ByteArraySerializer());

        // a framed ReferralSent, as the outbox stores it and the relay sends it
        var out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<>(it.rete.contracts.ReferralSent.class).write(Events.referralSent(), encoder);
        encoder.flush();
        payload = WireFormat.frame(1, out.toByteArray());

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
        connection.close();
        relay.stop();
        postgres.close();
        broker.close();
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Insert + commit + Debezium + produce, until Kafka acknowledged all of them. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long outboxPath() throws SQLException, InterruptedException {
        long target = relay.eventsRelayed() + BATCH;
        long t0 = System.nanoTime();
        for (int i = 0; i < BATCH; i++) {
            writeOne();
        }
        long t1 = System.nanoTime();
        while (relay.eventsRelayed() < target) {
            Thread.sleep(0, 200_000);
        }
        // where the time goes: the writer's commits, or waiting for Debezium and Kafka after the last one
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

    private void writeOne() throws SQLException {
        sequence++;
        String caseId = UUID.randomUUID().toString();
        String hash = HashChain.eventHash(payload) ;
        insert.setObject(1, UUID.randomUUID());
        insert.setString(2, caseId);
        insert.setBytes(3, payload);
        insert.setTimestamp(4, Timestamp.from(Instant.now()));
        insert.setString(5, caseId);
        insert.setString(6, OUTBOX_TOPIC);
        insert.setLong(7, sequence);
        insert.setString(8, hash);
        insert.setString(9, lastHash);
        insert.executeUpdate();
        moveHead.setString(1, OUTBOX_TOPIC);
        moveHead.setLong(2, sequence);
        moveHead.setString(3, hash);
        moveHead.executeUpdate();
        connection.commit();
        lastHash = hash;
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
