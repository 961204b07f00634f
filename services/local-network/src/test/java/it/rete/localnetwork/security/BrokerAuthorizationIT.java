package it.rete.localnetwork.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import it.rete.localnetwork.EmbeddedKafkaBroker;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker refuses what the network's ACLs do not grant, and nothing refused is written. */
class BrokerAuthorizationIT {

    @TempDir
    static Path tmp;

    static NetworkCredentials credentials;
    static EmbeddedKafkaBroker kafka;
    static Admin admin;

    @BeforeAll
    static void start() {
        credentials = NetworkCredentials.openOrCreate(tmp.resolve("secrets"));
        kafka = EmbeddedKafkaBroker.startSecured(tmp.resolve("kafka"), 0, credentials);
        admin = Admin.create(config(NetworkCredentials.ADMIN));
        NetworkAccess.of(List.of("alpha", "beta")).apply(admin, (short) 1, 3);
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            admin.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void aPartnerWritesItsOwnLedgerAndNoOtherTopic() throws Exception {
        try (var alpha = producer("alpha")) {
            alpha.send(new ProducerRecord<>("rete.alpha.events", "case-1", "own ledger")).get(30, TimeUnit.SECONDS);
        }
        assertEquals(1, endOffset("rete.alpha.events"));
        try (var alpha = producer("alpha")) {
            alpha.send(new ProducerRecord<>("rete.alpha.directory", "alpha.help-desk", "own service"))
                    .get(30, TimeUnit.SECONDS);
        }
        assertEquals(1, endOffset("rete.alpha.directory"));

        for (String foreign : List.of("rete.beta.events", "rete.beta.keys", "rete.beta.directory",
                "rete.cabina-di-regia.dead-letter")) {
            try (var alpha = producer("alpha")) {
                ExecutionException refused = assertThrows(ExecutionException.class, () ->
                        alpha.send(new ProducerRecord<>(foreign, "case-1", "forged")).get(30, TimeUnit.SECONDS));
                assertInstanceOf(TopicAuthorizationException.class, refused.getCause(), foreign);
            }
            assertEquals(0, endOffset(foreign), foreign + " must stay empty");
        }
    }

    @Test
    void observersWriteNoLedger() {
        for (String observer : List.of(NetworkAccess.CABINA_DI_REGIA, NetworkAccess.AUDITOR)) {
            try (var producer = producer(observer)) {
                Exception refused = assertThrows(Exception.class, () -> producer.send(
                        new ProducerRecord<>("rete.beta.events", "case-1", "forged")).get(30, TimeUnit.SECONDS));
                // the auditor may write no topic at all, so even its idempotent producer's id is refused: depending
                // on whether that refusal arrives before send() or after, send() itself throws or its future fails
                Throwable cause = refused instanceof ExecutionException ? refused.getCause() : refused;
                while (cause != null && !(cause instanceof AuthorizationException)) {
                    cause = cause.getCause();
                }
                assertInstanceOf(AuthorizationException.class, cause, observer + ": " + refused);
            }
        }
        assertEquals(0, endOffset("rete.beta.events"));
    }

    @Test
    void aPartnerReadsOtherLedgersButNotTopicsItIsNotGranted() {
        try (var alpha = consumer("alpha", "alpha")) {
            alpha.assign(List.of(new TopicPartition("rete.beta.events", 0)));
            alpha.poll(Duration.ofMillis(500)); // granted: no error
        }
        for (String notGranted : List.of("rete.beta.dead-letter", "rete.cabina-di-regia.dead-letter")) {
            try (var alpha = consumer("alpha", "alpha")) {
                alpha.assign(List.of(new TopicPartition(notGranted, 0)));
                assertThrows(TopicAuthorizationException.class, () -> alpha.poll(Duration.ofSeconds(10)), notGranted);
            }
        }
        // every member of the network reads every service directory, the owner's included
        for (String reader : List.of("alpha", NetworkAccess.CABINA_DI_REGIA)) {
            try (var consumer = consumer(reader, reader)) {
                consumer.assign(List.of(new TopicPartition("rete.beta.directory", 0),
                        new TopicPartition("rete.alpha.directory", 0)));
                consumer.poll(Duration.ofMillis(500)); // granted: no error
            }
        }
        // a pattern subscription only ever sees the topics the partner may describe
        try (var alpha = consumer("alpha", "alpha")) {
            Set<String> visible = alpha.listTopics(Duration.ofSeconds(10)).keySet();
            assertEquals(Set.of("rete.alpha.events", "rete.alpha.dead-letter", "rete.alpha.keys",
                    "rete.alpha.directory", "rete.beta.events", "rete.beta.keys", "rete.beta.directory"), visible);
        }
    }

    @Test
    void aPartnerCannotUseAnotherPartnersConsumerGroup() {
        try (var alpha = consumer("alpha", "beta")) {
            alpha.subscribe(List.of("rete.beta.events"));
            assertThrows(GroupAuthorizationException.class, () -> alpha.poll(Duration.ofSeconds(10)));
        }
    }

    @Test
    void onlyTheAdministratorCreatesOrDeletesTopics() throws Exception {
        try (Admin alpha = Admin.create(config("alpha"))) {
            ExecutionException create = assertThrows(ExecutionException.class, () -> alpha.createTopics(
                    List.of(new NewTopic("rete.intruder.events", 1, (short) 1))).all().get(30, TimeUnit.SECONDS));
            assertInstanceOf(TopicAuthorizationException.class, create.getCause());
            ExecutionException delete = assertThrows(ExecutionException.class, () ->
                    alpha.deleteTopics(List.of("rete.beta.events")).all().get(30, TimeUnit.SECONDS));
            assertInstanceOf(TopicAuthorizationException.class, delete.getCause());
        }
        Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
        assertTrue(topics.contains("rete.beta.events"));
        assertTrue(!topics.contains("rete.intruder.events"));
    }

    @Test
    void aClientWithoutCertificateCannotConnect() {
        Map<String, Object> anonymous = new HashMap<>(credentials.anonymousClientProperties());
        anonymous.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        anonymous.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        try (var producer = new KafkaProducer<>(anonymous, new StringSerializer(), new StringSerializer())) {
            Exception refused = assertThrows(Exception.class, () -> producer.send(
                    new ProducerRecord<>("rete.beta.events", "case-1", "anonymous")).get(30, TimeUnit.SECONDS));
            Throwable cause = refused instanceof ExecutionException ? refused.getCause() : refused;
            assertInstanceOf(SslAuthenticationException.class, cause);
        }

        Map<String, Object> plaintext = new HashMap<>();
        plaintext.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        plaintext.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
        try (var producer = new KafkaProducer<>(plaintext, new StringSerializer(), new StringSerializer())) {
            Exception refused = assertThrows(Exception.class, () -> producer.send(
                    new ProducerRecord<>("rete.beta.events", "case-1", "plaintext")).get(30, TimeUnit.SECONDS));
            Throwable cause = refused instanceof ExecutionException ? refused.getCause() : refused;
            assertInstanceOf(TimeoutException.class, cause); // never gets metadata: the TLS listener ignores it
        }
        assertEquals(0, endOffset("rete.beta.events"));
    }

    private static long endOffset(String topic) {
        try {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(topic).partitions().size();
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                request.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            return admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).values().stream()
                    .mapToLong(info -> info.offset()).sum();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> config(String principal) {
        Map<String, Object> config = new HashMap<>(credentials.clientProperties(principal));
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        return config;
    }

    private static KafkaProducer<String, String> producer(String principal) {
        Map<String, Object> config = config(principal);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000");
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "20000");
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer(String principal, String group) {
        Map<String, Object> config = config(principal);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }
}
