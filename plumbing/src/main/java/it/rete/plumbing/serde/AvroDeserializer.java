package it.rete.plumbing.serde;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificFixed;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Deserializes the Confluent wire format: fetches the writer schema by the id in the header (cached) and decodes
 * to a {@link org.apache.avro.generic.GenericRecord}, or with {@code specific.avro.reader=true} to the generated
 * {@link SpecificRecord} class named as the writer's record, resolving the writer schema against the class's.
 *
 * <p>Registry failures surface as a {@link SerializationException} whose cause is the
 * {@link SchemaRegistryException}; check {@link SchemaRegistryException#isTransient()} before treating a record
 * as poison.
 */
public class AvroDeserializer implements Deserializer<Object> {

    private SchemaRegistryClient client;
    private AvroSerdeConfig config;
    private final Map<Integer, DatumReader<Object>> readers = new ConcurrentHashMap<>();

    /** For Kafka, which calls {@link #configure}. */
    public AvroDeserializer() {}

    /** Shares {@code client} (and its caches) instead of creating one in {@link #configure}. */
    public AvroDeserializer(SchemaRegistryClient client) {
        this.client = client;
    }

    /** Ready to use, without {@link #configure}. */
    public AvroDeserializer(SchemaRegistryClient client, AvroSerdeConfig config) {
        this.client = client;
        init(config);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        init(AvroSerdeConfig.parse(configs));
    }

    private void init(AvroSerdeConfig config) {
        this.config = config;
        if (client == null) {
            client = new SchemaRegistryClient(config);
        }
    }

    @Override
    public Object deserialize(String topic, byte[] data) {
        if (data == null || data.length == 0) {
            return null;
        }
        if (config == null) {
            throw new IllegalStateException("AvroDeserializer is not configured");
        }
        int id = WireFormat.schemaId(data);
        try {
            return reader(id).read(null, DecoderFactory.get()
                    .binaryDecoder(data, WireFormat.HEADER_SIZE, data.length - WireFormat.HEADER_SIZE, null));
        } catch (SchemaRegistryException e) {
            throw new SerializationException("Cannot deserialize from topic " + topic + ": schema id " + id
                    + ": schema registry error: " + e.getMessage(), e);
        } catch (SerializationException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // corrupt or truncated bodies surface as EOF, index or Avro exceptions
            throw new SerializationException("Cannot deserialize from topic " + topic + " with schema id " + id + ": " + e,
                    e);
        }
    }

    private DatumReader<Object> reader(int id) {
        DatumReader<Object> reader = readers.get(id);
        if (reader == null) {
            reader = newReader(id, client.getById(id));
            readers.putIfAbsent(id, reader);
        }
        return reader;
    }

    private DatumReader<Object> newReader(int id, Schema writer) {
        if (!config.specificAvroReader()) {
            return new GenericDatumReader<>(writer, writer, GenericData.get());
        }
        if (writer.getType() != Schema.Type.RECORD) {
            throw new SerializationException("specific.avro.reader=true but schema id " + id + " is a "
                    + writer.getType() + ", not a record");
        }
        GeneratedTypes data = new GeneratedTypes();
        Class<?> type = data.getClass(writer);
        if (type == null || !SpecificRecord.class.isAssignableFrom(type)) {
            throw new SerializationException("specific.avro.reader=true but no generated SpecificRecord class "
                    + SpecificData.getClassName(writer) + " (schema id " + id + ") is on the classpath");
        }
        // generated classes keep their logical-type conversions in their own SpecificData (MODEL$)
        SpecificData.getForClass(type).getConversions().forEach(data::addLogicalTypeConversion);
        return new SpecificDatumReader<>(writer, data.getSchema(type), data);
    }

    /**
     * Avro 1.12 refuses to load any class named by a schema unless its package is trusted through system properties
     * or a global validator. This model loads only generated Avro types (records, enums, fixed), checked before their
     * class is initialized, so consumers need no JVM-wide setting and no other class named by a schema is touched.
     */
    private static final class GeneratedTypes extends SpecificData {

        private final Map<String, Class<?>> generated = new ConcurrentHashMap<>();

        GeneratedTypes() {
            super(AvroSerdeConfig.classLoader());
        }

        @Override
        public Class<?> getClass(Schema schema) {
            return switch (schema.getType()) {
                case RECORD, ENUM, FIXED -> {
                    Class<?> type = generated.computeIfAbsent(getClassName(schema), this::loadGenerated);
                    yield type != Void.class ? type : super.getClass(schema);
                }
                default -> super.getClass(schema);
            };
        }

        private Class<?> loadGenerated(String name) {
            try {
                Class<?> type = Class.forName(name, false, getClassLoader());
                boolean avroGenerated = SpecificRecord.class.isAssignableFrom(type) || SpecificFixed.class.isAssignableFrom(type)
                        || (type.isEnum() && GenericEnumSymbol.class.isAssignableFrom(type));
                return avroGenerated ? type : Void.class;
            } catch (ClassNotFoundException | LinkageError e) {
                return Void.class; // let Avro decide (generic fallback or its own error)
            }
        }
    }

    @Override
    public void close() {
        // the HTTP client holds no resources that need closing on Java 17
    }
}
