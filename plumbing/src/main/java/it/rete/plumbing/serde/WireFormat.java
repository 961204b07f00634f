package it.rete.plumbing.serde;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The Confluent wire format: byte 0 = {@link #MAGIC_BYTE}, bytes 1-4 = big-endian schema id, then the Avro binary
 * encoding of the value. Shared by the serde and by code that inspects framed bytes (e.g. hashes the Avro body).
 */
public final class WireFormat {

    public static final byte MAGIC_BYTE = 0x0;
    public static final int HEADER_SIZE = 1 + Integer.BYTES;

    private WireFormat() {}

    /** The schema id in the header; throws {@link SerializationException} if {@code framed} is not framed. */
    public static int schemaId(byte[] framed) {
        checkHeader(framed);
        return ByteBuffer.wrap(framed, 1, Integer.BYTES).getInt();
    }

    /** A copy of exactly the bytes after the 5-byte header. */
    public static byte[] avroBody(byte[] framed) {
        checkHeader(framed);
        return Arrays.copyOfRange(framed, HEADER_SIZE, framed.length);
    }

    /** {@code body} prefixed by the header for schema {@code id}. */
    public static byte[] frame(int id, byte[] body) {
        return ByteBuffer.allocate(HEADER_SIZE + body.length).put(MAGIC_BYTE).putInt(id).put(body).array();
    }

    static void checkHeader(byte[] framed) {
        if (framed == null || framed.length < HEADER_SIZE) {
            throw new SerializationException("Unknown magic byte: input of " + (framed == null ? 0 : framed.length)
                    + " bytes is shorter than the " + HEADER_SIZE + "-byte Confluent header");
        }
        if (framed[0] != MAGIC_BYTE) {
            throw new SerializationException(String.format(
                    "Unknown magic byte 0x%02x (expected 0x00): not Confluent-framed Avro", framed[0]));
        }
    }
}
