package it.rete.localnetwork;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker and the registry together, as other services' integration tests use them. */
class KafkaAndRegistryIT {

    static final String REFERRAL_V1 = "{\"type\":\"record\",\"name\":\"Referral\",\"namespace\":\"it.rete.test\","
            + "\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}";
    static final String REFERRAL_V2_COMPATIBLE = "{\"type\":\"record\",\"name\":\"Referral\","
            + "\"namespace\":\"it.rete.test\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"},"
            + "{\"name\":\"note\",\"type\":[\"null\",\"string\"],\"default\":null}]}";
    static final String REFERRAL_INCOMPATIBLE = "{\"type\":\"record\",\"name\":\"Referral\","
            + "\"namespace\":\"it.rete.test\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"},"
            + "{\"name\":\"priority\",\"type\":\"int\"}]}";

    @TempDir
    static Path tmp;

    static EmbeddedKafkaBroker kafka;
    static SchemaRegistryServer registry;

    @BeforeAll
    static void start() {
        CompletableFuture<SchemaRegistryServer> registryStart = CompletableFuture.supplyAsync(
                SchemaRegistryServer::start);
        kafka = EmbeddedKafkaBroker.start(tmp.resolve("kafka"), 0);
        registry = registryStart.join();
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
            assertFalse(registry.isAlive(), "registry process still alive after close()");
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void producesAndConsumesThroughARealBroker() throws Exception {
        assertTrue(kafka.bootstrapServers().startsWith("127.0.0.1:"));
        String topic = "it.referrals";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
            // the creation is answered once the controller has committed it; the broker's metadata follows shortly
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!admin.listTopics().names().get().contains(topic) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(admin.listTopics().names().get().contains(topic));
        }

        String key = UUID.randomUUID().toString();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                new StringSerializer(), new StringSerializer())) {
            RecordMetadata sent = producer.send(new ProducerRecord<>(topic, key, "hello rete")).get();
            assertEquals(0, sent.offset());
        }

        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-group",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(Set.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (received.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
            }
            consumer.commitSync();
        }
        assertEquals(1, received.size(), "records received");
        assertEquals(key, received.get(0).key());
        assertEquals("hello rete", received.get(0).value());
    }

    @Test
    void autoCreationOfTopicsIsOff() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
             KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                     ProducerConfig.MAX_BLOCK_MS_CONFIG, 1500),
                     new StringSerializer(), new StringSerializer())) {
            try {
                producer.send(new ProducerRecord<>("it.not-created", "x")).get();
            } catch (Exception expected) {
                // metadata for an unknown topic never arrives
            }
            assertFalse(admin.listTopics().names().get().contains("it.not-created"));
        }
    }

    @Test
    void registryAnswersTheConfluentApiWithBackwardTransitiveCompatibility() throws Exception {
        assertTrue(registry.url().matches("http://127\\.0\\.0\\.1:\\d+/apis/ccompat/v7"), registry.url());
        RegistryHttp http = new RegistryHttp(registry.url());

        HttpResponse<String> config = http.get("/config");
        assertEquals(200, config.statusCode());
        assertTrue(config.body().contains("BACKWARD_TRANSITIVE"), config.body());

        String subject = "it.referrals-value";
        HttpResponse<String> registered = http.register(subject, REFERRAL_V1);
        assertEquals(200, registered.statusCode(), registered.body());
        int id = RegistryHttp.id(registered.body());

        HttpResponse<String> byId = http.get("/schemas/ids/" + id);
        assertEquals(200, byId.statusCode());
        assertTrue(byId.body().contains(RegistryHttp.quote(REFERRAL_V1)), byId.body());

        assertEquals(id, RegistryHttp.id(http.register(subject, REFERRAL_V1).body()), "same schema, same id");
        HttpResponse<String> lookup = http.post("/subjects/" + subject, "{\"schema\":"
                + RegistryHttp.quote(REFERRAL_V1) + "}");
        assertEquals(200, lookup.statusCode(), lookup.body());
        assertEquals(id, RegistryHttp.id(lookup.body()));

        HttpResponse<String> v2 = http.register(subject, REFERRAL_V2_COMPATIBLE);
        assertEquals(200, v2.statusCode(), v2.body());
        assertTrue(RegistryHttp.id(v2.body()) != id);

        HttpResponse<String> incompatible = http.register(subject, REFERRAL_INCOMPATIBLE);
        assertEquals(409, incompatible.statusCode(), incompatible.body());

        HttpResponse<String> versions = http.get("/subjects/" + subject + "/versions");
        assertEquals("[1,2]", versions.body().replace(" ", ""));
    }
}
