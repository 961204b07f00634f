package it.rete.audit.spill;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Reads what {@link ByteWriter} wrote. */
public final class ByteReader {

    private final byte[] bytes;
    private int position;

    public ByteReader(byte[] bytes) {
        this(bytes, 0);
    }

    public ByteReader(byte[] bytes, int from) {
        this.bytes = bytes;
        this.position = from;
    }

    public int getByte() {
        return bytes[position++];
    }

    public int getInt() {
        int value = 0;
        for (int i = 0; i < 4; i++) {
            value = (value << 8) | (bytes[position++] & 0xff);
        }
        return value;
    }

    public long getLong() {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (bytes[position++] & 0xff);
        }
        return value;
    }

    public String getString() {
        int length = getInt();
        if (length < 0) {
            return null;
        }
        String value = new String(bytes, position, length, StandardCharsets.UTF_8);
        position += length;
        return value;
    }

    public int getVarint() {
        int value = 0;
        for (int shift = 0; ; shift += 7) {
            int b = bytes[position++];
            value |= (b & 0x7f) << shift;
            if (b >= 0) {
                return value;
            }
        }
    }

    /** What {@link ByteWriter#putString(String, StringDictionary)} wrote with the same dictionary. */
    public String getString(StringDictionary dictionary) {
        int code = getVarint();
        return code == StringDictionary.NULL ? null : code == StringDictionary.INLINE ? getString()
                : dictionary.string(code);
    }

    public int position() {
        return position;
    }

    public UUID getUuid() {
        return getByte() == 0 ? null : new UUID(getLong(), getLong());
    }

    public UUID getUuidBytes() {
        return new UUID(getLong(), getLong());
    }
}
