package it.rete.plumbing.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import it.rete.plumbing.postgres.PostgresConnectionInfo;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class RelayEngineConfigTest {

    @Test
    void slotNameIsDerivedFromTheTopic() {
        assertThat(RelayEngineConfig.defaultSlotName("rete.lule-outreach.events"))
                .isEqualTo("outbox_rete_lule_outreach_events");
        assertThat(RelayEngineConfig.defaultSlotName("Rete." + "x".repeat(100))).hasSize(63)
                .matches("[a-z0-9_]+");
        assertThat(RelayEngineConfig.defaultPublicationName("outbox_rete_a_events"))
                .isEqualTo("outbox_rete_a_events_pub");
    }

    @Test
    void invalidSlotNamesAreRefused() {
        assertThatThrownBy(() -> RelayEngineConfig.validSlotName("Bad-Name"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(RelayEngineConfig.validSlotName("ok_1")).isEqualTo("ok_1");
    }

    @Test
    void debeziumIsConfiguredForTheOutboxOnly() {
        Properties p = RelayEngineConfig.build(new PostgresConnectionInfo("127.0.0.1", 5555, "postgres", "u", "pw"),
                "rete.a.events", "slot_a", "slot_a_pub", Path.of("/tmp/x/offsets.dat"), Duration.ofMillis(20),
                Duration.ZERO);
        assertThat(p).containsEntry("connector.class", "io.debezium.connector.postgresql.PostgresConnector")
                .containsEntry("plugin.name", "pgoutput")
                .containsEntry("publication.autocreate.mode", "filtered")
                .containsEntry("table.include.list", "public.outbox")
                .containsEntry("snapshot.mode", "no_data")
                .containsEntry("slot.name", "slot_a")
                .containsEntry("publication.name", "slot_a_pub")
                .containsEntry("poll.interval.ms", "20")
                .containsEntry("offset.flush.interval.ms", "0")
                .containsEntry("offset.storage", "org.apache.kafka.connect.storage.FileOffsetBackingStore")
                .containsEntry("offset.storage.file.filename", "/tmp/x/offsets.dat")
                .containsEntry("database.hostname", "127.0.0.1")
                .containsEntry("database.port", "5555")
                .containsEntry("transforms.outbox.type", "io.debezium.transforms.outbox.EventRouter")
                .containsEntry("transforms.outbox.route.topic.replacement", "rete.a.events")
                .containsEntry("transforms.outbox.table.field.event.key", "aggregateid")
                .containsEntry("transforms.outbox.table.field.event.payload", "payload");
        assertThat(p.getProperty("transforms.outbox.table.fields.additional.placement"))
                .contains("id:header:ce_id", "type:header:ce_type", "ce_source:header:ce_source",
                        "ce_time:header:ce_time", "ce_subject:header:ce_subject");
    }

    @Test
    void theRelayProducerIsIdempotentWithAcksAll() {
        Map<String, Object> config = OutboxRelay.producerConfig(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092",
                ProducerConfig.ACKS_CONFIG, "1",
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, "x.AvroSerializer",
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-",
                "schema.registry.url", "http://127.0.0.1:8081"), "slot_a");
        assertThat(config).containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092")
                .doesNotContainKeys(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                        ProducerConfig.TRANSACTIONAL_ID_CONFIG, "schema.registry.url");
    }
}
