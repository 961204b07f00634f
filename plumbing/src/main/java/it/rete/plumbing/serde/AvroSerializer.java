package it.rete.plumbing.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serializes Avro records ({@link SpecificRecord} or {@link org.apache.avro.generic.GenericRecord}) to the Confluent
 * wire format, registering or looking up the schema in the registry (once per schema, then cached).
 *
 * <p>Which schema id is written: {@code auto.register.schemas=true} registers the record's schema;
 * otherwise {@code use.latest.version=true} writes with the subject's latest schema (the record must be readable
 * as that schema); otherwise the record's schema must already be registered under the subject.
 */
public class AvroSerializer implements Serializer<Object> {

    private SchemaRegistryClient client;
    private AvroSerdeConfig config;
    private SubjectNameStrategy strategy;
    private boolean isKey;

    private final Map<Class<?>, DatumWriter<Object>> specificWriters = new ConcurrentHashMap<>();
    private final Map<Schema, DatumWriter<Object>> genericWriters = new ConcurrentHashMap<>();
    private final Map<SchemaPair, String> incompatibilities = new ConcurrentHashMap<>();

    private record SchemaPair(Schema writer, Schema reader) {}

    /** For Kafka, which calls {@link #configure}. */
    public AvroSerializer() {}

    /** Shares {@code client} (and its caches) instead of creating one in {@link #configure}. */
    public AvroSerializer(SchemaRegistryClient client) {
        this.client = client;
    }

    /** Ready to use, without {@link #configure}. */
    public AvroSerializer(SchemaRegistryClient client, AvroSerdeConfig config, boolean isKey) {
        this.client = client;
        init(config, isKey);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        init(AvroSerdeConfig.parse(configs), isKey);
    }

    private void init(AvroSerdeConfig config, boolean isKey) {
        this.config = config;
        this.isKey = isKey;
        this.strategy = config.subjectNameStrategy(isKey);
        if (client == null) {
            client = new SchemaRegistryClient(config);
        }
    }

    @Override
    public byte[] serialize(String topic, Object data) {
        if (data == null) {
            return null;
        }
        if (config == null) {
            throw new IllegalStateException("AvroSerializer is not configured");
        }
        if (!(data instanceof IndexedRecord record)) {
            throw new SerializationException("Cannot serialize " + data.getClass().getName() + " for topic " + topic
                    + ": only Avro records (SpecificRecord, GenericRecord) are supported");
        }
        Schema schema = record.getSchema();
        String subject = null;
        try {
            subject = strategy.subjectName(topic, isKey, schema);
            if (config.autoRegisterSchemas()) {
                return write(client.register(subject, schema), record);
            }
            if (config.useLatestVersion()) {
                RegisteredSchema latest = client.getLatest(subject);
                return latest.schema().equals(schema)
                        ? write(latest.id(), record)
                        : write(latest.id(), convert(record, latest.schema(), subject));
            }
            return write(client.getId(subject, schema), record);
        } catch (SchemaRegistryException e) {
            throw new SerializationException("Cannot serialize " + schema.getFullName() + " for topic " + topic
                    + ", subject " + subject + ": schema registry error: " + e.getMessage(), e);
        } catch (AvroRuntimeException | IOException | ClassCastException | NullPointerException e) {
            // Avro reports a datum not matching its schema through these
            throw new SerializationException("Cannot serialize " + schema.getFullName() + " for topic " + topic
                    + ", subject " + subject + ": " + e, e);
        }
    }

    private byte[] write(int id, IndexedRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.write(WireFormat.MAGIC_BYTE);
        out.write(ByteBuffer.allocate(Integer.BYTES).putInt(id).array());
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        writer(record).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private DatumWriter<Object> writer(IndexedRecord record) {
        if (record instanceof SpecificRecord) {
            // the class's own SpecificData carries its logical-type conversions
            return specificWriters.computeIfAbsent(record.getClass(),
                    c -> new SpecificDatumWriter<>(record.getSchema(), SpecificData.getForClass(c)));
        }
        return genericWriters.computeIfAbsent(record.getSchema(), s -> new GenericDatumWriter<>(s, GenericData.get()));
    }

    /** {@code record} as a record of {@code target}, by Avro schema resolution (fails if not readable as target). */
    private IndexedRecord convert(IndexedRecord record, Schema target, String subject) throws IOException {
        SchemaPair pair = new SchemaPair(record.getSchema(), target);
        String problems = incompatibilities.computeIfAbsent(pair, p -> incompatibility(p.writer(), p.reader()));
        if (!problems.isEmpty()) {
            throw new SerializationException("Record " + record.getSchema().getFullName()
                    + " cannot be written with the latest schema of subject " + subject
                    + " (use.latest.version=true): " + problems);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        writer(record).write(record, encoder);
        encoder.flush();
        GenericDatumReader<IndexedRecord> reader = new GenericDatumReader<>(record.getSchema(), target, GenericData.get());
        return reader.read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
    }

    private static String incompatibility(Schema writer, Schema reader) {
        var result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getResult();
        if (result.getCompatibility() == SchemaCompatibilityType.COMPATIBLE) {
            return "";
        }
        return result.getIncompatibilities().stream()
                .map(i -> i.getType() + " at " + i.getLocation() + ": " + i.getMessage())
                .collect(Collectors.joining("; "));
    }

    @Override
    public void close() {
        // the HTTP client holds no resources that need closing on Java 17
    }
}
