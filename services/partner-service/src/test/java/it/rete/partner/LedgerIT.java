package it.rete.partner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.List;

import it.rete.contracts.Envelope;
import it.rete.partner.support.Avro;
import it.rete.partner.support.LedgerChain;
import it.rete.partner.support.LedgerReader;
import it.rete.partner.support.PartnerNode;
import it.rete.partner.support.Story;
import it.rete.partner.support.TestNetwork;
import it.rete.plumbing.ledger.LedgerTopics;
import it.rete.plumbing.serde.SchemaRegistryClient;
import it.rete.plumbing.serde.WireFormat;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What a partner publishes: CloudEvents headers, Confluent-framed Avro, keyed by case, chained by hash. */
class LedgerIT {

    private static TestNetwork network;
    private static PartnerNode prefettura;

    @BeforeAll
    static void network() {
        network = TestNetwork.get();
        prefettura = network.partner(TestNetwork.PREFETTURA);
    }

    @Test
    void everyRecordCarriesCloudEventsHeadersAndConfluentFramedAvroKeyedByCase() {
        String caseId = Story.openCase(prefettura);
        Story.consentTo(prefettura, caseId, TestNetwork.LULE);
        List<ConsumerRecord<String, byte[]>> ofCase = awaitRecordsOfCase(caseId, 2);
        var registry = new SchemaRegistryClient(network.registryUrl());
        var deserializer = Avro.deserializer(network.registryUrl());

        for (ConsumerRecord<String, byte[]> record : ofCase) {
            assertThat(record.value()[0]).isEqualTo(WireFormat.MAGIC_BYTE);
            int schemaId = WireFormat.schemaId(record.value());
            var event = (SpecificRecord) deserializer.deserialize(record.topic(), record.value());
            Envelope envelope = (Envelope) event.get(0);
            String subject = event.getSchema().getFullName();
            assertThat(registry.getById(schemaId)).isEqualTo(event.getSchema());
            assertThat(registry.getLatest(subject).id()).isEqualTo(schemaId);

            assertThat(LedgerReader.header(record, "ce_id")).isEqualTo(envelope.getEventId().toString());
            assertThat(LedgerReader.header(record, "ce_type")).isEqualTo(subject);
            assertThat(LedgerReader.header(record, "ce_source")).isEqualTo("/rete/partners/prefettura-sui");
            assertThat(LedgerReader.header(record, "ce_specversion")).isEqualTo("1.0");
            assertThat(LedgerReader.header(record, "ce_subject")).isEqualTo(caseId);
            assertThat(java.time.Instant.parse(LedgerReader.header(record, "ce_time")))
                    .isEqualTo(envelope.getOccurredAt());
            assertThat(envelope.getSourcePartnerId()).isEqualTo(TestNetwork.PREFETTURA);
            assertThat(envelope.getCaseId()).isEqualTo(caseId);
        }
        assertThat(ofCase).extracting(r -> LedgerReader.header(r, "ce_type"))
                .containsExactly("it.rete.contracts.CaseOpened", "it.rete.contracts.ConsentRecorded");
        // one case is one key, so its events are in one partition, in order
        assertThat(ofCase).extracting(ConsumerRecord::partition).containsOnly(ofCase.get(0).partition());

        // the case's timeline shows each event's ledger sequence once the sequencer has assigned it
        List<Long> published = ofCase.stream()
                .map(r -> ((Envelope) ((SpecificRecord) deserializer.deserialize(r.topic(), r.value())).get(0))
                        .getSequence())
                .toList();
        var timeline = prefettura.get("/api/cases/" + caseId).json().get("timeline");
        assertThat(timeline.findValuesAsString("eventType")).containsExactly("CaseOpened", "ConsentRecorded");
        assertThat(timeline.findValues("sequence")).extracting(n -> n.asLong())
                .containsExactlyElementsOf(published);
    }

    @Test
    void theLedgerIsNumberedWithoutGapsAndEachEventChainsTheHashOfThePreviousOne() {
        Story.openCase(prefettura);
        String caseId = Story.openCase(prefettura);
        awaitRecordsOfCase(caseId, 1);
        LedgerChain.assertWholeAndChained(network, LedgerTopics.ledger(TestNetwork.PREFETTURA));
    }

    @Test
    void theLedgerKeepsEverythingForever() throws Exception {
        try (var admin = AdminClient.create(network.adminConfig())) {
            var resource = new ConfigResource(ConfigResource.Type.TOPIC, LedgerTopics.ledger(TestNetwork.LULE));
            var config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            assertThat(config.get(TopicConfig.RETENTION_MS_CONFIG)).extracting(ConfigEntry::value).isEqualTo("-1");
            assertThat(config.get(TopicConfig.RETENTION_BYTES_CONFIG)).extracting(ConfigEntry::value).isEqualTo("-1");
            assertThat(admin.describeTopics(List.of(LedgerTopics.ledger(TestNetwork.LULE))).allTopicNames().get()
                    .values().iterator().next().partitions()).hasSize(3);
        }
    }

    private static List<ConsumerRecord<String, byte[]>> awaitRecordsOfCase(String caseId, int count) {
        return org.awaitility.Awaitility.await().atMost(Story.PROPAGATION)
                .until(() -> LedgerReader.readAll(network.adminConfig(), LedgerTopics.ledger(TestNetwork.PREFETTURA))
                                .stream().filter(r -> caseId.equals(r.key()))
                                .sorted(Comparator.comparingLong(ConsumerRecord::offset)).toList(),
                        records -> records.size() >= count);
    }
}
