package it.rete.partner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.stream.Stream;

import it.rete.partner.support.LedgerReader;
import it.rete.partner.support.PartnerNode;
import it.rete.partner.support.Story;
import it.rete.partner.support.TestNetwork;
import it.rete.plumbing.ledger.LedgerTopics;
import it.rete.plumbing.outbox.LedgerPosition;
import it.rete.plumbing.serde.SchemaRegistryClient;
import it.rete.plumbing.serde.WireFormat;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Contract versions meet through the real broker and registry, in the Confluent wire format: a consumer built
 * against the previous release ({@code schemas/released/v1}, before sealed dossiers) reads what today's partner
 * services write, and today's partner service applies what a producer of the previous release writes (what the
 * registry's BACKWARD_TRANSITIVE mode promises).
 */
class SchemaEvolutionIT {

    private static final Path V1 = Path.of("../../schemas/released/v1");
    private static final String OLD_PARTNER = "old-release-" + Long.toHexString(System.nanoTime());

    private static TestNetwork network;
    private static PartnerNode prefettura;
    private static PartnerNode lule;

    @BeforeAll
    static void network() {
        network = TestNetwork.get();
        prefettura = network.partner(TestNetwork.PREFETTURA);
        lule = network.partner(TestNetwork.LULE);
        network.admit(OLD_PARTNER);
    }

    @Test
    void aConsumerOfThePreviousReleaseReadsReferralsWithASealedDossier() {
        Awaitility.await().atMost(Story.PROPAGATION).until(() -> prefettura.bean(
                it.rete.partner.keys.KeyDirectory.class).current(TestNetwork.LULE).isPresent());
        String caseId = Story.openCase(prefettura);
        Story.consentTo(prefettura, caseId, TestNetwork.LULE);
        var sent = prefettura.post("/api/cases/" + caseId + "/referrals", """
                {"toPartnerId": "lule-outreach", "serviceType": "LEGAL_AID", "urgency": "ROUTINE",
                 "dossier": {"fullName": "Someone", "needs": "Unpaid wages"}}""");
        assertThat(sent.status()).as(sent.body()).isEqualTo(201);
        String referralId = sent.json().get("referralId").asString();

        ConsumerRecord<String, byte[]> record = Awaitility.await().atMost(Story.PROPAGATION)
                .until(() -> LedgerReader.readAll(network.adminConfig(), LedgerTopics.ledger(TestNetwork.PREFETTURA))
                        .stream().filter(r -> caseId.equals(r.key()))
                        .filter(r -> "it.rete.contracts.ReferralSent".equals(LedgerReader.header(r, "ce_type")))
                        .findFirst().orElse(null), r -> r != null);

        // the writer's schema, as an old consumer finds it: by the id in the record's first five bytes
        Schema writer = new SchemaRegistryClient(network.registryUrl()).getById(WireFormat.schemaId(record.value()));
        assertThat(writer.getField("dossier")).as("written with the current release").isNotNull();
        Schema oldReader = v1("ReferralSent");
        assertThat(oldReader.getField("dossier")).isNull();

        GenericRecord read = decode(record.value(), writer, oldReader);
        assertThat(read.get("referralId").toString()).isEqualTo(referralId);
        assertThat(read.get("toPartnerId").toString()).isEqualTo(TestNetwork.LULE);
        assertThat(read.get("serviceType").toString()).isEqualTo("LEGAL_AID");
        assertThat(((GenericRecord) read.get("envelope")).get("caseId").toString()).isEqualTo(caseId);
        assertThat(read.getSchema().getField("dossier")).isNull();
    }

    @Test
    void theCurrentReleaseAppliesAReferralWrittenByAProducerOfThePreviousRelease() throws Exception {
        Schema v1Sent = v1("ReferralSent");
        // the old producer registers its schema as its serializer would; the registry accepts it as compatible
        int id = new SchemaRegistryClient(network.registryUrl()).register(v1Sent.getFullName(), v1Sent);

        String caseId = UUID.randomUUID().toString();
        UUID referralId = UUID.randomUUID();
        GenericRecord envelope = new GenericData.Record(v1Sent.getField("envelope").schema());
        envelope.put("eventId", UUID.randomUUID().toString());
        envelope.put("occurredAt", System.currentTimeMillis());
        envelope.put("sourcePartnerId", OLD_PARTNER);
        envelope.put("caseId", caseId);
        envelope.put("correlationId", caseId);
        envelope.put("sequence", 1L);
        envelope.put("previousEventHash", LedgerPosition.GENESIS_HASH);
        GenericRecord sent = new GenericData.Record(v1Sent);
        sent.put("envelope", envelope);
        sent.put("referralId", referralId.toString());
        sent.put("toPartnerId", TestNetwork.LULE);
        sent.put("serviceType", new GenericData.EnumSymbol(v1Sent.getField("serviceType").schema(),
                "CULTURAL_MEDIATION"));
        sent.put("urgency", new GenericData.EnumSymbol(v1Sent.getField("urgency").schema(), "ROUTINE"));
        sent.put("dueBy", System.currentTimeMillis() + Duration.ofDays(7).toMillis());
        byte[] framed = WireFormat.frame(id, encode(sent));

        var config = network.clientConfig(OLD_PARTNER);
        config.put("acks", "all");
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(LedgerTopics.ledger(OLD_PARTNER), caseId, framed)).get();
        }

        var referral = Story.awaitReferralState(lule, referralId.toString(), "REQUESTED");
        assertThat(referral.get("senderPartnerId").asString()).isEqualTo(OLD_PARTNER);
        assertThat(referral.get("serviceType").asString()).isEqualTo("CULTURAL_MEDIATION");
    }

    private static GenericRecord decode(byte[] framed, Schema writer, Schema reader) {
        try {
            return new GenericDatumReader<GenericRecord>(writer, reader).read(null,
                    DecoderFactory.get().binaryDecoder(WireFormat.avroBody(framed), null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] encode(GenericRecord record) throws IOException {
        var out = new ByteArrayOutputStream();
        var encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(record.getSchema()).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    /** An event schema of release 1, parsed with its shared types as the old build parsed them. */
    private static Schema v1(String event) {
        Schema.Parser parser = new Schema.Parser();
        try (Stream<Path> common = Files.list(V1.resolve("common"))) {
            for (Path file : common.sorted().toList()) {
                parser.parse(file.toFile());
            }
            return parser.parse(V1.resolve("events").resolve(event + ".avsc").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
