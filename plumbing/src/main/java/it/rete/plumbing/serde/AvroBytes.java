package it.rete.plumbing.serde;

import java.nio.ByteBuffer;

/** Avro {@code bytes} fields arrive as ByteBuffers. */
public final class AvroBytes {

    private AvroBytes() {
    }

    /** The buffer's remaining bytes, copied; the buffer's position is left as it was. */
    public static byte[] toArray(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
