package it.rete.plumbing.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {

    private static final String TOPIC = "people";
    private static final String SUBJECT = "people-value";
    /** Adds a required field: V1 records cannot be written with it. */
    private static final Schema V3_REQUIRED_FIELD = new Schema.Parser().parse("""
            {"type": "record", "name": "TestPerson", "namespace": "it.rete.plumbing.serde", "fields": [
                {"name": "name", "type": "string"},
                {"name": "age", "type": "int"},
                {"name": "tax_code", "type": "string"}
            ]}""");

    private FakeRegistry registry;

    @BeforeEach
    void start() throws IOException {
        registry = FakeRegistry.start();
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    private Map<String, Object> props(Object... keyValues) {
        Map<String, Object> props = new HashMap<>();
        props.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url());
        props.put(AvroSerdeConfig.RETRY_BACKOFF_MS, 10L);
        props.put("bootstrap.servers", "127.0.0.1:9092");
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put((String) keyValues[i], keyValues[i + 1]);
        }
        return props;
    }

    private AvroSerializer serializer(Object... keyValues) {
        AvroSerializer serializer = new AvroSerializer();
        serializer.configure(props(keyValues), false);
        return serializer;
    }

    private AvroDeserializer deserializer(Object... keyValues) {
        AvroDeserializer deserializer = new AvroDeserializer();
        deserializer.configure(props(keyValues), false);
        return deserializer;
    }

    private static GenericRecord v1(String name, int age) {
        GenericRecord record = new GenericData.Record(TestPerson.V1);
        record.put("name", name);
        record.put("age", age);
        return record;
    }

    private static byte[] plainAvro(GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(record.getSchema()).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    @Test
    void genericRoundTrip() {
        byte[] bytes = serializer().serialize(TOPIC, v1("Ada", 36));

        Object read = deserializer().deserialize(TOPIC, bytes);

        assertThat(read).isInstanceOf(GenericRecord.class);
        GenericRecord record = (GenericRecord) read;
        assertThat(record.getSchema()).isEqualTo(TestPerson.V1);
        assertThat(record.get("name")).hasToString("Ada");
        assertThat(record.get("age")).isEqualTo(36);
    }

    @Test
    void specificRoundTrip() {
        byte[] bytes = serializer().serialize(TOPIC, new TestPerson("Bea", 41, "bea@example.org"));

        Object read = deserializer(AvroSerdeConfig.SPECIFIC_AVRO_READER, "true").deserialize(TOPIC, bytes);

        assertThat(read).isInstanceOfSatisfying(TestPerson.class, p -> {
            assertThat(p.name()).isEqualTo("Bea");
            assertThat(p.age()).isEqualTo(41);
            assertThat(p.email()).isEqualTo("bea@example.org");
        });
    }

    @Test
    void writesExactConfluentWireBytes() throws IOException {
        GenericRecord record = v1("Ada", 36);

        byte[] bytes = serializer().serialize(TOPIC, record);

        int id = registry.register(SUBJECT, TestPerson.V1); // already there: returns its id
        assertThat(id).isEqualTo(257);
        assertThat(bytes[0]).isEqualTo((byte) 0);
        assertThat(new byte[] {bytes[1], bytes[2], bytes[3], bytes[4]}).containsExactly(0, 0, 1, 1);
        assertThat(WireFormat.schemaId(bytes)).isEqualTo(id);
        assertThat(WireFormat.avroBody(bytes)).isEqualTo(plainAvro(record));
        assertThat(bytes).isEqualTo(WireFormat.frame(id, plainAvro(record)));
    }

    @Test
    void hitsTheRegistryOncePerSchema() {
        AvroSerializer serializer = serializer();
        AvroDeserializer deserializer = deserializer();
        for (int i = 0; i < 50; i++) {
            assertThat(deserializer.deserialize(TOPIC, serializer.serialize(TOPIC, v1("p" + i, i)))).isNotNull();
        }

        assertThat(registry.hits("POST /subjects/people-value/versions")).isEqualTo(1);
        assertThat(registry.hits("GET /schemas/ids/257")).isEqualTo(1);
        assertThat(registry.totalHits()).isEqualTo(2);
    }

    @Test
    void keySerializerUsesKeySubjectAndConfiguredStrategies() {
        AvroSerializer keys = new AvroSerializer();
        keys.configure(props(), true);
        keys.serialize(TOPIC, v1("Ada", 36));
        serializer(AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY,
                "io.confluent.kafka.serializers.subject.RecordNameStrategy").serialize(TOPIC, v1("Ada", 36));
        serializer(AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY,
                "io.confluent.kafka.serializers.subject.TopicRecordNameStrategy").serialize(TOPIC, v1("Ada", 36));

        assertThat(registry.requests()).containsExactly(
                "POST /subjects/people-key/versions",
                "POST /subjects/it.rete.plumbing.serde.TestPerson/versions",
                "POST /subjects/people-it.rete.plumbing.serde.TestPerson/versions");
    }

    @Test
    void resolvesOldWriterSchemaIntoNewerSpecificReader() {
        byte[] written = serializer().serialize(TOPIC, v1("Ada", 36)); // producer still on V1

        Object read = deserializer(AvroSerdeConfig.SPECIFIC_AVRO_READER, true).deserialize(TOPIC, written);

        assertThat(read).isInstanceOfSatisfying(TestPerson.class, p -> {
            assertThat(p.name()).isEqualTo("Ada");
            assertThat(p.age()).isEqualTo(36);
            assertThat(p.email()).isNull(); // the default of the added field
        });
    }

    @Test
    void genericReaderKeepsTheWriterSchema() {
        byte[] written = serializer().serialize(TOPIC, new TestPerson("Bea", 41, null));

        GenericRecord read = (GenericRecord) deserializer().deserialize(TOPIC, written);

        assertThat(read.getSchema()).isEqualTo(TestPerson.SCHEMA$);
        assertThat(read.get("email")).isNull();
    }

    @Test
    void specificReaderWithoutClassFailsClearly() {
        Schema unknown = new Schema.Parser().parse("""
                {"type": "record", "name": "Nowhere", "namespace": "it.rete.none", "fields": [{"name": "x", "type": "int"}]}""");
        GenericRecord record = new GenericData.Record(unknown);
        record.put("x", 1);
        byte[] written = serializer().serialize(TOPIC, record);

        assertThatThrownBy(() -> deserializer(AvroSerdeConfig.SPECIFIC_AVRO_READER, true).deserialize(TOPIC, written))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("it.rete.none.Nowhere");
    }

    /** Like Avro's own class validator: a schema must not make the consumer load arbitrary classes. */
    @Test
    void specificReaderLoadsOnlyGeneratedAvroClasses() {
        Schema named = new Schema.Parser().parse("""
                {"type": "record", "name": "SubjectNameStrategyTest", "namespace": "it.rete.plumbing.serde",
                  "fields": [{"name": "x", "type": "int"}]}""");
        GenericRecord record = new GenericData.Record(named);
        record.put("x", 1);
        byte[] written = serializer().serialize(TOPIC, record);

        assertThatThrownBy(() -> deserializer(AvroSerdeConfig.SPECIFIC_AVRO_READER, true).deserialize(TOPIC, written))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("it.rete.plumbing.serde.SubjectNameStrategyTest");
    }

    @Test
    void rejectsUnknownMagicByteAndShortInput() {
        AvroDeserializer deserializer = deserializer();

        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, new byte[] {1, 0, 0, 1, 1, 2}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Unknown magic byte");
        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, new byte[] {0, 0}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Unknown magic byte");
        assertThat(registry.totalHits()).isZero();
    }

    @Test
    void nullAndEmptyPassThrough() {
        assertThat(serializer().serialize(TOPIC, null)).isNull();
        assertThat(deserializer().deserialize(TOPIC, null)).isNull();
        assertThat(deserializer().deserialize(TOPIC, new byte[0])).isNull();
    }

    @Test
    void corruptBodyIsASerializationException() {
        byte[] written = serializer().serialize(TOPIC, v1("Ada", 36));
        byte[] truncated = java.util.Arrays.copyOf(written, 6);

        assertThatThrownBy(() -> deserializer().deserialize(TOPIC, truncated))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("schema id 257");
    }

    @Test
    void unknownSchemaIdCarriesTheRegistryError() {
        assertThatThrownBy(() -> deserializer().deserialize(TOPIC, WireFormat.frame(999, new byte[] {2})))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("999")
                .cause().isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.status()).isEqualTo(404));
    }

    @Test
    void incompatibleSchemaSurfacesRegistry409() {
        AvroSerializer serializer = serializer();
        serializer.serialize(TOPIC, v1("Ada", 36));
        GenericRecord breaking = new GenericData.Record(V3_REQUIRED_FIELD);
        breaking.put("name", "Ada");
        breaking.put("age", 36);
        breaking.put("tax_code", "X");

        assertThatThrownBy(() -> serializer.serialize(TOPIC, breaking))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining(SUBJECT)
                .cause().isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.errorCode()).isEqualTo(409);
                });
    }

    @Test
    void serializerRidesOutARegistryHiccup() {
        registry.failNext(2, 503);

        byte[] bytes = serializer().serialize(TOPIC, v1("Ada", 36));

        assertThat(WireFormat.schemaId(bytes)).isEqualTo(257);
    }

    @Test
    void withoutAutoRegisterTheSchemaMustBeRegistered() {
        AvroSerializer serializer = serializer(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, false);

        assertThatThrownBy(() -> serializer.serialize(TOPIC, v1("Ada", 36)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining(SUBJECT)
                .cause().isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.status()).isEqualTo(404));

        int id = registry.register(SUBJECT, TestPerson.V1);
        assertThat(WireFormat.schemaId(serializer.serialize(TOPIC, v1("Ada", 36)))).isEqualTo(id);
        serializer.serialize(TOPIC, v1("Bea", 41));
        assertThat(registry.hits("POST /subjects/people-value")).isEqualTo(2); // one miss, one hit, then cached
        assertThat(registry.hits("POST /subjects/people-value/versions")).isZero();
    }

    @Test
    void useLatestVersionWritesWithTheLatestSchema() throws IOException {
        registry.register(SUBJECT, TestPerson.V1);
        int latest = registry.register(SUBJECT, TestPerson.SCHEMA$);
        AvroSerializer serializer = serializer(
                AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, false, AvroSerdeConfig.USE_LATEST_VERSION, true);

        byte[] bytes = serializer.serialize(TOPIC, v1("Ada", 36)); // an older producer's record
        serializer.serialize(TOPIC, new TestPerson("Bea", 41, "bea@example.org"));

        assertThat(WireFormat.schemaId(bytes)).isEqualTo(latest);
        GenericRecord body = new GenericDatumReader<GenericRecord>(TestPerson.SCHEMA$)
                .read(null, DecoderFactory.get().binaryDecoder(WireFormat.avroBody(bytes), null));
        assertThat(body.get("name")).hasToString("Ada");
        assertThat(body.get("age")).isEqualTo(36);
        assertThat(body.get("email")).isNull();
        assertThat(registry.hits("GET /subjects/people-value/versions/latest")).isEqualTo(1); // cached
        assertThat(registry.hits("POST /subjects/people-value/versions")).isZero();
    }

    @Test
    void useLatestVersionRejectsARecordTheLatestSchemaCannotHold() {
        registry.register(SUBJECT, TestPerson.V1);
        registry.register(SUBJECT, V3_REQUIRED_FIELD);
        AvroSerializer serializer = serializer(
                AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, false, AvroSerdeConfig.USE_LATEST_VERSION, true);

        assertThatThrownBy(() -> serializer.serialize(TOPIC, v1("Ada", 36)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("latest schema of subject " + SUBJECT)
                .hasMessageContaining("tax_code");
    }

    @Test
    void rejectsNonRecordsAndInvalidRecords() {
        AvroSerializer serializer = serializer();

        assertThatThrownBy(() -> serializer.serialize(TOPIC, "plain string"))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("java.lang.String");
        GenericRecord missingName = new GenericData.Record(TestPerson.V1);
        missingName.put("age", 1);
        assertThatThrownBy(() -> serializer.serialize(TOPIC, missingName))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining(SUBJECT);
    }

    @Test
    void sharedClientServesSerializerAndDeserializer() {
        SchemaRegistryClient client = new SchemaRegistryClient(registry.url());
        AvroSerdeConfig config = AvroSerdeConfig.parse(props());
        AvroSerializer serializer = new AvroSerializer(client, config, false);
        AvroDeserializer deserializer = new AvroDeserializer(client, config);

        Object read = deserializer.deserialize(TOPIC, serializer.serialize(TOPIC, v1("Ada", 36)));

        assertThat(((GenericRecord) read).get("age")).isEqualTo(36);
    }
}
