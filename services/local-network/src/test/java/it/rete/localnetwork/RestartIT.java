package it.rete.localnetwork;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** State survives a restart on the same data directory. */
class RestartIT {

    @TempDir
    Path tmp;

    @Test
    void brokerKeepsTopicsAndRecordsAcrossRestarts() throws Exception {
        Path dir = tmp.resolve("kafka");
        String topic = "it.durable";
        int firstPort;
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(dir, 0)) {
            firstPort = kafka.port();
            try (Admin admin = admin(kafka)) {
                admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
            }
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>(topic, 0, "k", "before restart")).get();
            }
        }
        assertTrue(Files.exists(dir.resolve("logs").resolve("meta.properties")));

        // a different client port (and controller port) on the same data dir
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(dir, 0)) {
            assertTrue(kafka.port() > 0);
            try (Admin admin = admin(kafka)) {
                assertTrue(admin.listTopics().names().get().contains(topic), "topic survived the restart");
                assertEquals(3, admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic)
                        .partitions().size());
            }
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                    new StringDeserializer(), new StringDeserializer())) {
                TopicPartition p0 = new TopicPartition(topic, 0);
                consumer.assign(List.of(p0));
                consumer.seekToBeginning(List.of(p0));
                List<String> values = new ArrayList<>();
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (values.isEmpty() && System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
                }
                assertEquals(List.of("before restart"), values);
            }
        }
        assertTrue(firstPort > 0);
    }

    @Test
    void registryWithADataDirKeepsSchemasAcrossRestarts() throws Exception {
        Path dir = tmp.resolve("registry");
        int id;
        try (SchemaRegistryServer registry = SchemaRegistryServer.start(dir, 0)) {
            HttpResponseCheck.ok(new RegistryHttp(registry.url()).register("it.kept-value",
                    KafkaAndRegistryIT.REFERRAL_V1));
            id = RegistryHttp.id(new RegistryHttp(registry.url()).get("/subjects/it.kept-value/versions/1").body());
            assertTrue(Files.exists(registry.logFile()));
        }
        try (SchemaRegistryServer registry = SchemaRegistryServer.start(dir, 0)) {
            RegistryHttp http = new RegistryHttp(registry.url());
            assertEquals(200, http.get("/schemas/ids/" + id).statusCode());
            assertTrue(http.get("/subjects").body().contains("it.kept-value"));
            // compatibility is enforced after the restart too
            assertEquals(409, http.register("it.kept-value", KafkaAndRegistryIT.REFERRAL_INCOMPATIBLE).statusCode());
        }
    }

    private static Admin admin(EmbeddedKafkaBroker kafka) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    /** Tiny assertion helper. */
    static final class HttpResponseCheck {
        static void ok(java.net.http.HttpResponse<String> response) {
            assertEquals(200, response.statusCode(), response.body());
        }
    }
}
