package it.rete.partner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import it.rete.contracts.CaseOpened;
import it.rete.contracts.Envelope;
import it.rete.contracts.IntakeChannel;
import it.rete.contracts.Sector;
import it.rete.contracts.VulnerabilityFlag;
import it.rete.partner.support.Avro;
import it.rete.partner.support.TestNetwork;
import it.rete.plumbing.outbox.LedgerPosition;
import it.rete.plumbing.serde.SchemaRegistryClient;
import it.rete.plumbing.serde.SchemaRegistryException;
import org.apache.avro.Schema;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

/** The serde against the real schema registry: registration, wire bytes, round trip and enforced compatibility. */
class SerdeAgainstRegistryIT {

    private final TestNetwork network = TestNetwork.get();

    @Test
    void anEventRoundTripsInTheConfluentWireFormat() throws Exception {
        CaseOpened event = CaseOpened.newBuilder()
                .setEnvelope(Envelope.newBuilder().setEventId(UUID.randomUUID())
                        .setOccurredAt(Instant.now().truncatedTo(ChronoUnit.MILLIS)).setSourcePartnerId("serde-test")
                        .setCaseId("case-1").setCorrelationId("case-1").setSequence(1)
                        .setPreviousEventHash(LedgerPosition.GENESIS_HASH).build())
                .setTerritory("Sermide").setSector(Sector.LOGISTICS).setIntakeChannel(IntakeChannel.HELPLINE)
                .setPreferredLanguage("ur").setVulnerabilityFlags(List.of(VulnerabilityFlag.DEBT_BONDAGE))
                .build();

        byte[] framed = Avro.serializer(network.registryUrl()).serialize("rete.serde-test.events", event);

        var registry = new SchemaRegistryClient(network.registryUrl());
        int id = registry.getLatest("it.rete.contracts.CaseOpened").id();
        assertThat(framed[0]).isZero();
        assertThat(ByteBuffer.wrap(framed, 1, 4).getInt()).isEqualTo(id);
        var plain = new ByteArrayOutputStream();
        var encoder = EncoderFactory.get().binaryEncoder(plain, null);
        new SpecificDatumWriter<>(CaseOpened.class).write(event, encoder);
        encoder.flush();
        assertThat(java.util.Arrays.copyOfRange(framed, 5, framed.length)).isEqualTo(plain.toByteArray());

        Object read = Avro.deserializer(network.registryUrl()).deserialize("rete.serde-test.events", framed);
        assertThat(read).isInstanceOf(CaseOpened.class).isEqualTo(event);
    }

    @Test
    void theRegistryEnforcesBackwardTransitiveCompatibility() {
        var registry = new SchemaRegistryClient(network.registryUrl());
        assertThat(registry.getCompatibility(null)).isEqualTo("BACKWARD_TRANSITIVE");

        String subject = "rete-compat-test-" + UUID.randomUUID();
        registry.register(subject, new Schema.Parser().parse("""
                {"type": "record", "name": "Probe", "fields": [{"name": "a", "type": "string"}]}"""));
        // a new optional field with a default: old data stays readable
        registry.register(subject, new Schema.Parser().parse("""
                {"type": "record", "name": "Probe", "fields": [{"name": "a", "type": "string"},
                 {"name": "b", "type": ["null", "string"], "default": null}]}"""));
        // a new mandatory field: old data would not be readable
        assertThatThrownBy(() -> registry.register(subject, new Schema.Parser().parse("""
                {"type": "record", "name": "Probe", "fields": [{"name": "a", "type": "string"},
                 {"name": "c", "type": "int"}]}""")))
                .isInstanceOf(SchemaRegistryException.class)
                .satisfies(e -> assertThat(((SchemaRegistryException) e).status()).isEqualTo(409));
    }
}
