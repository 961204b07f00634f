package it.rete.cabina.support;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import it.rete.cabina.support.Events.LedgerEvent;
import it.rete.plumbing.ledger.LedgerTopics;
import it.rete.plumbing.serde.AvroSerializer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes events straight to partner ledgers, framed as the partner services frame them (plumbing's
 * AvroSerializer against the real registry, key = case id), and raw bytes for poison records.
 */
public final class Ledgers implements AutoCloseable {

    private final String bootstrapServers;
    private final KafkaProducer<String, Object> producer;
    private final KafkaProducer<String, byte[]> rawProducer;

    public Ledgers(String bootstrapServers, String registryUrl) {
        this.bootstrapServers = bootstrapServers;
        Serializer<Object> avro = new AvroSerializer();
        avro.configure(Map.of("schema.registry.url", registryUrl,
                "value.subject.name.strategy", "io.confluent.kafka.serializers.subject.RecordNameStrategy"), false);
        this.producer = new KafkaProducer<>(config(), new StringSerializer(), avro);
        this.rawProducer = new KafkaProducer<>(config(), new StringSerializer(), new ByteArraySerializer());
    }

    private Properties config() {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        return config;
    }

    /** Creates the partners' ledger topics as the partner services create them. */
    public void createLedgers(Collection<String> partners) {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(config)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> topics = partners.stream().distinct()
                    .filter(p -> !existing.contains(LedgerTopics.ledger(p)))
                    .map(p -> LedgerTopics.ledgerTopic(p, 3, (short) 1)).toList();
            if (!topics.isEmpty()) {
                admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
                awaitLeaders(admin, topics.stream().map(NewTopic::name).toList());
            }
        } catch (Exception e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Cannot create ledgers " + partners, e);
            }
        }
    }

    /**
     * Until every partition of the new topics has a leader and the producers know it: a first send to a partition
     * whose leader the broker has not set up yet is refused (NOT_LEADER_OR_FOLLOWER), and the idempotent producer's
     * retry after such a refusal was once stuck on OUT_OF_ORDER_SEQUENCE_NUMBER for minutes.
     */
    private void awaitLeaders(Admin admin, List<String> topics) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!haveLeaders(admin, topics)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("No leader for every partition of " + topics + " within 30 s");
            }
            Thread.sleep(50);
        }
        for (String topic : topics) {
            producer.partitionsFor(topic);
            rawProducer.partitionsFor(topic);
        }
    }

    private static boolean haveLeaders(Admin admin, List<String> topics) throws Exception {
        try {
            return admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).values().stream()
                    .allMatch(t -> t.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return false; // created, not in the broker's metadata yet
            }
            throw e;
        }
    }

    /** Publishes the events in order, each to its owner's ledger; returns when all are acknowledged. */
    public void publish(List<LedgerEvent> events) {
        createLedgers(events.stream().map(LedgerEvent::ledgerOwner).toList());
        for (LedgerEvent e : events) {
            producer.send(new ProducerRecord<>(LedgerTopics.ledger(e.ledgerOwner()), e.caseId(), e.event()));
        }
        producer.flush();
    }

    /** Publishes an event to any topic (a forged record: a partner writing to another's ledger). */
    public void publishTo(String topic, LedgerEvent event) {
        createLedgerOf(topic);
        producer.send(new ProducerRecord<>(topic, event.caseId(), event.event()));
    }

    public void publishRaw(String topic, String key, byte[] value) {
        createLedgerOf(topic);
        try {
            rawProducer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot publish to " + topic, e);
        }
    }

    private void createLedgerOf(String topic) {
        String owner = LedgerTopics.ownerOf(topic);
        if (owner != null) {
            createLedgers(List.of(owner));
        }
    }

    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
        rawProducer.close();
    }
}
