package it.rete.plumbing.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;

import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Confluent wire format without a registry: magic 0, schema id {@value #SCHEMA_ID}, Avro binary. A record whose
 * note is {@value #REGISTRY_DOWN} fails as the real serializer does when the registry cannot be reached.
 */
public class FramingTestSerializer implements Serializer<Object> {

    public static final int SCHEMA_ID = 42;
    public static final String REGISTRY_DOWN = "registry-down";

    @Override
    public byte[] serialize(String topic, Object data) {
        if (data == null) {
            return null;
        }
        SpecificRecord record = (SpecificRecord) data;
        if (record instanceof TestEvent event && REGISTRY_DOWN.equals(event.note())) {
            throw new SerializationException("Schema registry unreachable (simulated)");
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(ByteBuffer.allocate(5).put((byte) 0).putInt(SCHEMA_ID).array());
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            // an explicit model: no class lookup by schema name (Avro 1.12 trusts only listed packages for that)
            new SpecificDatumWriter<SpecificRecord>(record.getSchema(), new SpecificData()).write(record, encoder);
            encoder.flush();
            return out.toByteArray();
        }
        catch (IOException e) {
            throw new SerializationException(e);
        }
    }

    /** Reads an Avro body written for {@link TestEvent}. */
    public static GenericRecord read(byte[] avroBody) {
        try {
            return new GenericDatumReader<GenericRecord>(TestEvent.SCHEMA$)
                    .read(null, DecoderFactory.get().binaryDecoder(avroBody, null));
        }
        catch (IOException e) {
            throw new SerializationException(e);
        }
    }
}
