package it.rete.plumbing.relay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import io.debezium.embedded.Connect;
import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import it.rete.plumbing.postgres.PostgresConnectionInfo;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Publishes the outbox to the ledger topic: a Debezium embedded engine reads inserts into {@code public.outbox}
 * from a pgoutput replication slot, the EventRouter turns each row into key = case id, value = payload bytes and
 * CloudEvents headers, and an idempotent {@code acks=all} producer sends them. A batch is marked processed (and its
 * offset written to the durable offsets file, which advances the slot) only after Kafka acknowledged every record
 * in it: at-least-once, with at most the unacknowledged batch re-published after a crash.
 *
 * <p>{@link #start()} returns once the replication slot is active, so no write made after start-up is missed.
 * If the engine fails (PostgreSQL or Kafka unreachable), it is restarted after {@code rete.relay.restart-backoff}.
 */
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    /** Early start, late stop: up before web requests and listeners can write, down after they stopped. */
    public static final int PHASE = 0;

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final RelayProperties properties;
    private final String topic;
    private final String slotName;
    private final String publicationName;
    private final Path offsetsFile;
    private final PostgresConnectionInfo postgres;
    private final DataSource dataSource;
    private final Map<String, Object> producerConfig;
    private final Counter relayedCounter;
    private final Timer lagTimer;

    private final Object lifecycleLock = new Object();
    private final Object engineLock = new Object();
    private final AtomicLong relayed = new AtomicLong();

    private volatile boolean running;
    private volatile boolean stopping;
    private volatile boolean polling;
    private volatile Throwable lastError;
    private volatile Instant lastRelayedAt;
    private volatile Duration lastLag;
    private volatile CountDownLatch stopSignal = new CountDownLatch(1);
    private DebeziumEngine<ChangeEvent<SourceRecord, SourceRecord>> engine;
    private Thread supervisor;
    private KafkaProducer<String, byte[]> producer;

    public OutboxRelay(RelayProperties properties, String topic, Path offsetsFile, PostgresConnectionInfo postgres,
            DataSource dataSource, Map<String, Object> kafkaProducerProperties, MeterRegistry meterRegistry) {
        this.properties = properties;
        this.topic = topic;
        this.slotName = RelayEngineConfig.validSlotName(properties.getSlotName() != null
                ? properties.getSlotName() : RelayEngineConfig.defaultSlotName(topic));
        this.publicationName = properties.getPublicationName() != null
                ? properties.getPublicationName() : RelayEngineConfig.defaultPublicationName(slotName);
        this.offsetsFile = offsetsFile;
        this.postgres = postgres;
        this.dataSource = dataSource;
        this.producerConfig = producerConfig(kafkaProducerProperties, slotName);
        if (meterRegistry != null) {
            relayedCounter = Counter.builder("rete.relay.events").description("Outbox events published to Kafka")
                    .tag("topic", topic).register(meterRegistry);
            lagTimer = Timer.builder("rete.relay.lag").description("From the event's ce_time to the Kafka ack")
                    .tag("topic", topic).publishPercentiles(0.5, 0.99).register(meterRegistry);
            // WAL the relay has not confirmed yet: grows when the relay stalls while the partner keeps writing
            Gauge.builder("rete.relay.slot.lag", this, OutboxRelay::slotLagBytes)
                    .description("WAL bytes between the database's current position and the relay's replication "
                            + "slot (NaN when the slot is absent)")
                    .baseUnit("bytes").tag("topic", topic).tag("slot", slotName).register(meterRegistry);
        }
        else {
            relayedCounter = null;
            lagTimer = null;
        }
    }

    /** Spring's producer properties (bootstrap servers, security), made safe for a relay. */
    static Map<String, Object> producerConfig(Map<String, Object> kafkaProducerProperties, String slotName) {
        Map<String, Object> config = new HashMap<>(kafkaProducerProperties);
        // serde settings (schema.registry.url, ...) are not the relay producer's: it sends bytes as they are
        config.keySet().retainAll(ProducerConfig.configNames());
        config.remove(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG);
        config.remove(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);
        config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "rete-outbox-relay-" + slotName);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        config.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        return config;
    }

    Properties engineProperties() {
        return RelayEngineConfig.build(postgres, topic, slotName, publicationName, offsetsFile,
                properties.getPollInterval(), properties.getOffsetFlushInterval());
    }

    @Override
    public void start() {
        synchronized (lifecycleLock) {
            if (running) {
                return;
            }
            long started = System.nanoTime();
            try {
                Files.createDirectories(offsetsFile.toAbsolutePath().getParent());
            }
            catch (IOException e) {
                throw new UncheckedIOException("Cannot create the directory of " + offsetsFile, e);
            }
            discardOffsetsWithoutSlot();
            stopping = false;
            lastError = null;
            stopSignal = new CountDownLatch(1);
            producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer());
            supervisor = new Thread(this::supervise, "outbox-relay-" + slotName);
            supervisor.setDaemon(true);
            supervisor.start();
            running = true;
            if (!awaitSlotActive(properties.getStartupTimeout())) {
                Throwable error = lastError;
                stop();
                throw new IllegalStateException("Outbox relay: replication slot " + slotName + " not active after "
                        + properties.getStartupTimeout().toSeconds() + " s" + (error == null ? "" : ": " + error),
                        error);
            }
            log.info("Outbox relay ready in {} ms: slot {} active, public.outbox -> {}", 
                    (System.nanoTime() - started) / 1_000_000, slotName, topic);
        }
    }

    /**
     * Offsets only make sense with the slot they were read from: if the slot is gone (new database, dropped slot),
     * a stored LSN could make the connector skip the new slot's first changes. Start afresh instead.
     */
    private void discardOffsetsWithoutSlot() {
        if (!Files.exists(offsetsFile) || slotExists()) {
            return;
        }
        Path stale = offsetsFile.resolveSibling(offsetsFile.getFileName() + ".stale-" + System.currentTimeMillis());
        try {
            Files.move(offsetsFile, stale);
            log.warn("Replication slot {} does not exist: offsets in {} belong to another database, moved to {}",
                    slotName, offsetsFile, stale);
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot set aside stale offsets " + offsetsFile, e);
        }
    }

    private boolean slotExists() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT 1 FROM pg_replication_slots WHERE slot_name = ?")) {
            statement.setString(1, slotName);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next();
            }
        }
        catch (SQLException e) {
            // cannot tell: keep the offsets (the engine will report the database problem)
            return true;
        }
    }

    private boolean awaitSlotActive(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (polling && isSlotActive()) {
                return true;
            }
            try {
                Thread.sleep(25);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private void supervise() {
        while (!stopping) {
            DebeziumEngine<ChangeEvent<SourceRecord, SourceRecord>> current;
            synchronized (engineLock) {
                if (stopping) {
                    return;
                }
                try {
                    current = DebeziumEngine.create(Connect.class, Connect.class, Connect.class)
                            .using(engineProperties())
                            .using(OutboxRelay.class.getClassLoader())
                            .using(this::engineCompleted)
                            .using(new DebeziumEngine.ConnectorCallback() {
                                @Override
                                public void pollingStarted() {
                                    polling = true;
                                }

                                @Override
                                public void pollingStopped() {
                                    polling = false;
                                }
                            })
                            .notifying(this::handleBatch)
                            .build();
                }
                catch (RuntimeException e) {
                    lastError = e;
                    current = null;
                }
                engine = current;
            }
            if (current != null) {
                try {
                    current.run();
                }
                catch (Throwable t) {
                    lastError = t;
                }
            }
            polling = false;
            if (stopping) {
                return;
            }
            log.warn("Outbox relay engine stopped ({}); restarting in {} ms", lastError,
                    properties.getRestartBackoff().toMillis());
            try {
                if (stopSignal.await(properties.getRestartBackoff().toMillis(), TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
            catch (InterruptedException e) {
                return;
            }
        }
    }

    private void engineCompleted(boolean success, String message, Throwable error) {
        if (!success || error != null) {
            lastError = error != null ? error : new IllegalStateException(message);
            if (!stopping) {
                log.error("Outbox relay engine failed: {}", message, error);
            }
        }
    }

    /** Sends the batch, waits for every ack, then marks it processed (offsets follow, the slot advances). */
    void handleBatch(List<ChangeEvent<SourceRecord, SourceRecord>> records,
            DebeziumEngine.RecordCommitter<ChangeEvent<SourceRecord, SourceRecord>> committer)
            throws InterruptedException {
        List<RelayedRecord> sent = new ArrayList<>(records.size());
        List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
        for (ChangeEvent<SourceRecord, SourceRecord> event : records) {
            SourceRecord source = event.value();
            RelayedRecord relayedRecord = source == null ? null : RelayedRecord.from(source, topic);
            if (relayedRecord != null) {
                sent.add(relayedRecord);
                acks.add(producer.send(relayedRecord.producerRecord()));
            }
        }
        for (int i = 0; i < acks.size(); i++) {
            try {
                acks.get(i).get();
            }
            catch (ExecutionException e) {
                lastError = e.getCause();
                throw new RelayException("Kafka did not acknowledge event " + sent.get(i).eventId() + " on "
                        + topic + ": the batch will be published again", e.getCause());
            }
        }
        Instant ackedAt = Instant.now();
        for (ChangeEvent<SourceRecord, SourceRecord> event : records) {
            committer.markProcessed(event);
        }
        committer.markBatchFinished();
        if (!sent.isEmpty()) {
            relayed.addAndGet(sent.size());
            lastRelayedAt = ackedAt;
            Duration lag = Duration.between(sent.get(sent.size() - 1).eventTime(), ackedAt);
            lastLag = lag;
            if (relayedCounter != null) {
                relayedCounter.increment(sent.size());
                for (RelayedRecord r : sent) {
                    lagTimer.record(Duration.between(r.eventTime(), ackedAt));
                }
            }
        }
    }

    @Override
    public void stop() {
        synchronized (lifecycleLock) {
            if (supervisor == null) {
                running = false;
                return;
            }
            DebeziumEngine<ChangeEvent<SourceRecord, SourceRecord>> current;
            synchronized (engineLock) {
                stopping = true;
                current = engine;
            }
            stopSignal.countDown();
            if (current != null) {
                closeEngine(current);
            }
            try {
                supervisor.join(CLOSE_TIMEOUT.toMillis());
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (supervisor.isAlive()) {
                log.warn("Outbox relay engine did not stop within {} s", CLOSE_TIMEOUT.toSeconds());
            }
            producer.close(Duration.ofSeconds(10));
            supervisor = null;
            engine = null;
            running = false;
            polling = false;
            log.info("Outbox relay stopped ({} events relayed)", relayed.get());
        }
    }

    /** The engine refuses to close while its tasks start (connections being opened): retry until it accepts. */
    private static void closeEngine(DebeziumEngine<?> engine) {
        long deadline = System.nanoTime() + CLOSE_TIMEOUT.toNanos();
        while (true) {
            try {
                engine.close();
                return;
            }
            catch (IllegalStateException e) {
                String message = String.valueOf(e.getMessage());
                if (message.contains("already") || System.nanoTime() > deadline) {
                    return;
                }
                try {
                    Thread.sleep(50);
                }
                catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            catch (IOException | RuntimeException e) {
                log.warn("Error while stopping the outbox relay engine", e);
                return;
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** Whether the engine is streaming (started and polling the slot). */
    public boolean isStreaming() {
        return running && polling;
    }

    public boolean isSlotActive() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT active FROM pg_replication_slots WHERE slot_name = ?")) {
            statement.setString(1, slotName);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
        catch (SQLException e) {
            return false;
        }
    }

    /** Bytes of WAL written since the slot's confirmed position, or NaN if the slot cannot be read. */
    public double slotLagBytes() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn) FROM pg_replication_slots "
                                + "WHERE slot_name = ?")) {
            statement.setString(1, slotName);
            try (ResultSet rs = statement.executeQuery()) {
                if (rs.next()) {
                    double lag = rs.getDouble(1);
                    return rs.wasNull() ? Double.NaN : lag;
                }
                return Double.NaN;
            }
        }
        catch (SQLException e) {
            return Double.NaN;
        }
    }

    public String slotName() {
        return slotName;
    }

    public String publicationName() {
        return publicationName;
    }

    public String topic() {
        return topic;
    }

    public Path offsetsFile() {
        return offsetsFile;
    }

    public long eventsRelayed() {
        return relayed.get();
    }

    public Throwable lastError() {
        return lastError;
    }

    public Instant lastRelayedAt() {
        return lastRelayedAt;
    }

    public Duration lastLag() {
        return lastLag;
    }

    /** Kafka did not acknowledge a batch: the engine stops without committing it and is restarted. */
    public static class RelayException extends RuntimeException {
        RelayException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
