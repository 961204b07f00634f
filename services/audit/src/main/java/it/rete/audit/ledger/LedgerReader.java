package it.rete.audit.ledger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Predicate;

import it.rete.audit.AuditException;
import it.rete.audit.ExitCodes;
import it.rete.audit.progress.Progress;
import it.rete.plumbing.ledger.LedgerTopics;
import it.rete.plumbing.serde.AvroDeserializer;
import it.rete.plumbing.serde.AvroSerdeConfig;
import it.rete.plumbing.serde.SchemaRegistryException;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads partner ledgers with its own consumer: partitions are assigned (no consumer group, nothing committed, no
 * service disturbed) and read up to end offsets fixed when the replay starts, so a replay has a defined end while
 * partners keep writing.
 */
public final class LedgerReader implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(200);

    private final Connection connection;
    private final KafkaConsumer<String, byte[]> consumer;
    private final AvroDeserializer deserializer;
    /** What decodes on the fetch thread, and what decodes on the reading thread: each is used by its thread only. */
    private final Decoding fetchDecoding = new Decoding();
    private final Decoding readerDecoding = new Decoding();
    private boolean hashValues;

    /** Decodes values by projection once their schema is known, and hashes them; not shared between threads. */
    private static final class Decoding {
        final EventDecoder projections = new EventDecoder();
        final ChainHash chainHash = new ChainHash();
    }

    public LedgerReader(Connection connection) {
        this.connection = connection;
        Properties props = connection.clientProperties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, connection.bootstrapServers());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "rete-audit");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        // small polls keep few records between the threads: with 2,000 a young collection found tens of MB still
        // in flight, promoted them, and the old generation filled up (docs/benchmarks.md, "Smaller polls")
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
        // bounded fetch buffers: the tool must run in a small heap whatever the history length
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, String.valueOf(8 * 1024 * 1024));
        // Kafka's default per partition: half of it kept a ledger's partitions closer in step for verify's reorder
        // buffer, but the fetch thread then waited for the broker more often (docs/benchmarks.md, "Fetches of 1 MB")
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(1024 * 1024));
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(connection.timeout().toMillis()));
        props.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(connection.timeout().toMillis()));
        props.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");
        try {
            consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        } catch (KafkaException e) {
            java.nio.file.Path settings = connection.clientConfigFile();
            boolean ofTheAddress = e instanceof org.apache.kafka.common.config.ConfigException
                    || String.valueOf(e.getMessage()).contains(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG);
            if (settings != null && !ofTheAddress) {
                throw new AuditException(ExitCodes.USAGE, "The Kafka client settings in " + settings
                        + " cannot be used: " + rootMessage(e), e);
            }
            throw new AuditException(ExitCodes.USAGE, "Invalid --bootstrap-servers '" + connection.bootstrapServers()
                    + "': " + rootMessage(e), e);
        }
        Map<String, Object> serde = new HashMap<>();
        serde.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, connection.registryUrl());
        // generic records with the writer's schema: no class lookups or logical-type conversions per record
        serde.put(AvroSerdeConfig.SPECIFIC_AVRO_READER, false);
        serde.put(AvroSerdeConfig.REQUEST_TIMEOUT_MS, connection.timeout().toMillis());
        serde.put(AvroSerdeConfig.RETRIES, 2);
        deserializer = new AvroDeserializer();
        try {
            deserializer.configure(serde, false);
        } catch (KafkaException | IllegalArgumentException e) {
            consumer.close(Duration.ZERO);
            throw new AuditException(ExitCodes.USAGE, "Invalid --registry-url '" + connection.registryUrl() + "': "
                    + rootMessage(e), e);
        }
    }

    /**
     * Whether records read from now on carry what verify checks of the chain and the relay: the chain hash of their
     * value, their envelope's previous-event hash and the relay's headers (found where the record is decoded). Off,
     * those are null.
     */
    public void hashValues(boolean hash) {
        this.hashValues = hash;
    }

    /** Every partner ledger on the broker, by name. */
    public List<String> ledgerTopics() {
        Map<String, List<PartitionInfo>> topics;
        try {
            topics = consumer.listTopics(connection.timeout());
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new AuditException(ExitCodes.UNAVAILABLE, "Kafka at " + connection.bootstrapServers()
                    + " did not answer within " + connection.timeout().toSeconds() + " s", e);
        } catch (KafkaException e) {
            throw new AuditException(ExitCodes.UNAVAILABLE, "Cannot reach Kafka at " + connection.bootstrapServers()
                    + ": " + rootMessage(e), e);
        }
        return topics.keySet().stream().filter(t -> LedgerTopics.ownerOf(t) != null).sorted().toList();
    }

    public List<TopicPartition> partitions(Collection<String> topics) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            for (PartitionInfo info : consumer.partitionsFor(topic, connection.timeout())) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
        }
        partitions.sort((a, b) -> a.topic().equals(b.topic())
                ? Integer.compare(a.partition(), b.partition()) : a.topic().compareTo(b.topic()));
        return partitions;
    }

    public Map<TopicPartition, Long> beginningOffsets(Collection<TopicPartition> partitions) {
        return consumer.beginningOffsets(partitions, connection.timeout());
    }

    public Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions) {
        return consumer.endOffsets(partitions, connection.timeout());
    }

    /**
     * The first offset of each partition whose record timestamp is at or after {@code instant}; the end offset
     * where there is none.
     */
    public Map<TopicPartition, Long> offsetsAt(Collection<TopicPartition> partitions, Instant instant,
            Map<TopicPartition, Long> endOffsets) {
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(tp -> query.put(tp, instant.toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, connection.timeout());
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (TopicPartition tp : partitions) {
            OffsetAndTimestamp at = found.get(tp);
            offsets.put(tp, at == null ? endOffsets.get(tp) : Math.min(at.offset(), endOffsets.get(tp)));
        }
        return offsets;
    }

    /** What a replay can do between two polls: hold back partitions whose records it cannot use yet. */
    public interface Control {
        void pause(TopicPartition partition);

        void resume(TopicPartition partition);

        /** Whether every record of the partition up to its end offset has been handed over. */
        boolean exhausted(TopicPartition partition);
    }

    public interface Handler {
        void accept(LedgerRecord record);

        /** Called after each batch of records. */
        default void afterBatch(Control control) {
        }
    }

    /**
     * Hands every record in [from, to) of each partition to {@code handler}, in offset order per partition.
     *
     * <p>Two threads share the work: a fetch thread owns the consumer, polls, and hands each batch over through a
     * queue of {@value #BATCHES_AHEAD} batches; the calling thread runs {@code handler} on them in the order they were
     * fetched. Whichever thread is ahead decodes (the part that does not depend on what the replay has seen): the
     * fetch thread decodes a batch when the queue is full, the calling thread those handed over undecoded. So the
     * two share the work whether the handler does more per record than the decoding (verify) or less (state).
     * Pausing a partition (see {@link Control}) takes effect at the fetch thread's next poll, so a partition may bring
     * the batches already fetched before it pauses.
     *
     * @param keep   which raw records to decode and hand over (e.g. by key); the others are only counted
     * @param decode whether to decode values (the envelope and flat event)
     */
    public void read(Map<TopicPartition, Long> from, Map<TopicPartition, Long> to,
            Predicate<ConsumerRecord<String, byte[]>> keep, boolean decode, Handler handler, Progress progress) {
        Set<TopicPartition> active = new HashSet<>();
        long total = 0;
        for (var entry : from.entrySet()) {
            long end = to.getOrDefault(entry.getKey(), entry.getValue());
            if (end > entry.getValue()) {
                active.add(entry.getKey());
                total += end - entry.getValue();
            }
        }
        progress.total(total);
        if (active.isEmpty()) {
            return;
        }
        consumer.assign(active);
        for (TopicPartition tp : active) {
            consumer.seek(tp, from.get(tp));
        }
        Fetcher fetcher = new Fetcher(active, to, keep, decode);
        Thread thread = new Thread(fetcher, "ledger-fetch");
        thread.setDaemon(true);
        thread.start();
        Set<TopicPartition> exhausted = new HashSet<>();
        Set<TopicPartition> paused = new HashSet<>();
        Control control = new Control() {
            @Override
            public void pause(TopicPartition partition) {
                if (active.contains(partition) && !exhausted.contains(partition) && paused.add(partition)) {
                    fetcher.requests.add(new PauseRequest(partition, true));
                }
            }

            @Override
            public void resume(TopicPartition partition) {
                if (active.contains(partition) && !exhausted.contains(partition) && paused.remove(partition)) {
                    fetcher.requests.add(new PauseRequest(partition, false));
                }
            }

            @Override
            public boolean exhausted(TopicPartition partition) {
                return exhausted.contains(partition) || !active.contains(partition);
            }
        };
        try {
            while (true) {
                Batch batch = fetcher.batches.take();
                if (batch.failure() != null) {
                    throw batch.failure();
                }
                if (batch.records() == null) {
                    break; // every partition read to its end
                }
                if (batch.raw() != null) {
                    for (ConsumerRecord<String, byte[]> record : batch.raw()) {
                        handler.accept(toLedgerRecord(record, decode, readerDecoding));
                    }
                } else {
                    for (LedgerRecord record : batch.records()) {
                        handler.accept(record);
                    }
                }
                exhausted.addAll(batch.exhausted());
                progress.add(batch.count());
                handler.afterBatch(control);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuditException(ExitCodes.UNAVAILABLE, "Interrupted while reading the ledgers", e);
        } finally {
            fetcher.stop(); // seen within one poll (no wakeup: it would linger for the consumer's next read)
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        consumer.unsubscribe();
        progress.finish();
    }

    /** How many fetched batches may wait for the replay: bounds the memory the read-ahead takes. */
    private static final int BATCHES_AHEAD = 2;

    /**
     * What the fetch thread hands over: decoded records, how many records of the range the poll brought (kept or
     * not), the partitions read to their end with it; or the end (no records), or why reading failed.
     */
    private record Batch(List<LedgerRecord> records, int count, List<TopicPartition> exhausted,
            RuntimeException failure, List<ConsumerRecord<String, byte[]>> raw) {
        Batch(List<LedgerRecord> records, int count, List<TopicPartition> exhausted, RuntimeException failure) {
            this(records, count, exhausted, failure, null);
        }
    }

    private record PauseRequest(TopicPartition partition, boolean pause) {
    }

    /** The fetch thread: polls, decodes, and queues batches until every partition is read to its end. */
    private final class Fetcher implements Runnable {

        final java.util.concurrent.BlockingQueue<Batch> batches =
                new java.util.concurrent.ArrayBlockingQueue<>(BATCHES_AHEAD);
        final java.util.concurrent.ConcurrentLinkedQueue<PauseRequest> requests =
                new java.util.concurrent.ConcurrentLinkedQueue<>();
        private final Set<TopicPartition> active;
        private final Map<TopicPartition, Long> to;
        private final Predicate<ConsumerRecord<String, byte[]>> keep;
        private final boolean decode;
        private volatile boolean stopped;

        Fetcher(Set<TopicPartition> active, Map<TopicPartition, Long> to,
                Predicate<ConsumerRecord<String, byte[]>> keep, boolean decode) {
            this.active = active;
            this.to = to;
            this.keep = keep;
            this.decode = decode;
        }

        void stop() {
            stopped = true;
            batches.clear(); // unblocks a put
        }

        @Override
        public void run() {
            try {
                fetch();
                hand(new Batch(null, 0, List.of(), null));
            } catch (KafkaException e) {
                hand(new Batch(null, 0, List.of(), new AuditException(ExitCodes.UNAVAILABLE,
                        "Reading the ledgers failed: " + rootMessage(e), e)));
            } catch (RuntimeException e) {
                hand(new Batch(null, 0, List.of(), e));
            } catch (Error e) {
                // ends the replay: the reading thread would otherwise wait for a batch for ever
                hand(new Batch(null, 0, List.of(), AuditException.unexpected(e)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void hand(Batch batch) {
            try {
                while (!stopped && !batches.offer(batch, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    // the replay is busy with earlier batches
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void fetch() throws InterruptedException {
            Set<TopicPartition> exhausted = new HashSet<>();
            long lastProgress = System.nanoTime();
            long stallLimit = connection.timeout().toNanos();
            while (exhausted.size() < active.size() && !stopped) {
                for (PauseRequest request; (request = requests.poll()) != null; ) {
                    if (!exhausted.contains(request.partition())) {
                        if (request.pause()) {
                            consumer.pause(List.of(request.partition()));
                        } else {
                            consumer.resume(List.of(request.partition()));
                        }
                    }
                }
                ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
                // the replay has room for this batch: it decodes it; otherwise the wait goes to decoding it here
                boolean deferDecoding = batches.remainingCapacity() > 0;
                List<LedgerRecord> kept = deferDecoding ? List.of() : new ArrayList<>(records.count());
                List<ConsumerRecord<String, byte[]>> raw = deferDecoding ? new ArrayList<>(records.count()) : null;
                int count = 0;
                for (TopicPartition tp : records.partitions()) {
                    long end = to.get(tp);
                    for (ConsumerRecord<String, byte[]> record : records.records(tp)) {
                        if (record.offset() >= end) {
                            break;
                        }
                        count++;
                        if (keep == null || keep.test(record)) {
                            if (deferDecoding) {
                                raw.add(record);
                            } else {
                                kept.add(toLedgerRecord(record, decode, fetchDecoding));
                            }
                        }
                    }
                }
                List<TopicPartition> ended = new ArrayList<>(0);
                for (TopicPartition tp : active) {
                    if (!exhausted.contains(tp) && consumer.position(tp) >= to.get(tp)) {
                        exhausted.add(tp);
                        ended.add(tp);
                        consumer.pause(List.of(tp));
                    }
                }
                if (count > 0 || !ended.isEmpty() || requests.isEmpty() && consumer.paused().size() == active.size()) {
                    // an empty poll is handed over only when it ends partitions or everything is paused: the
                    // replay then decides (e.g. declares a missing sequence) and resumes
                    hand(new Batch(kept, count, ended, null, raw));
                }
                if (count > 0) {
                    lastProgress = System.nanoTime();
                } else if (consumer.paused().size() < active.size() && System.nanoTime() - lastProgress > stallLimit) {
                    throw new AuditException(ExitCodes.UNAVAILABLE, "No record arrived from Kafka at "
                            + connection.bootstrapServers() + " for " + connection.timeout().toSeconds()
                            + " s while " + (active.size() - exhausted.size()) + " partition(s) were not read to the end");
                }
            }
        }
    }

    /** Decodes one raw record (registry failures end the replay; undecodable values are reported per record). */
    private LedgerRecord toLedgerRecord(ConsumerRecord<String, byte[]> record, boolean decode, Decoding decoding) {
        EventDecoder projections = decoding.projections;
        Position position = new Position(record.topic(), record.partition(), record.offset());
        LedgerEvent flat = null;
        String previousHash = null;
        String error = null;
        if (decode) {
            flat = projections.decode(record.value(), position, record.timestamp());
            if (flat != null && hashValues) {
                previousHash = projections.previousEventHash();
            }
        }
        if (decode && flat == null) {
            try {
                Object value = deserializer.deserialize(record.topic(), record.value());
                int schemaId = EventDecoder.schemaId(record.value());
                if (schemaId >= 0 && !projections.knows(schemaId)) {
                    // the writer schema of this id, now resolved through the registry: later records go the fast way
                    projections.learn(schemaId, value instanceof GenericRecord g ? g.getSchema() : null);
                }
                if (value instanceof GenericRecord generic) {
                    flat = LedgerEvent.of(generic, position, record.timestamp());
                    previousHash = flat == null || !hashValues ? null : LedgerEvent.previousEventHash(generic);
                }
                if (flat == null) {
                    error = value == null ? "empty value" : "not a Rete contract event ("
                            + (value instanceof GenericRecord g ? g.getSchema().getFullName()
                                    : value.getClass().getName()) + ")";
                }
            } catch (SerializationException e) {
                if (e.getCause() instanceof SchemaRegistryException registry && registry.isTransient()) {
                    throw new AuditException(ExitCodes.UNAVAILABLE, "The schema registry at "
                            + connection.registryUrl() + " cannot be used: " + registry.getMessage(), e);
                }
                error = e.getMessage();
            } catch (RuntimeException e) {
                // a decodable record that does not have the contract's shape
                error = "not a Rete contract event: " + e;
            }
        }
        String hash = null;
        if (hashValues) {
            try {
                hash = decoding.chainHash.of(record.value());
            } catch (RuntimeException e) {
                // not framed: the checks find it and say so
            }
        }
        return LedgerRecord.of(position, record.timestamp(), record.key(), record.value(), record.headers(), flat,
                previousHash, error, hash, hashValues);
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof java.nio.file.NoSuchFileException missing) {
            return "no such file " + missing.getFile();
        }
        if (root instanceof java.nio.file.AccessDeniedException denied) {
            return "no permission to read " + denied.getFile();
        }
        return root.getMessage() != null ? root.getMessage() : root.toString();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(1));
        deserializer.close();
    }
}
