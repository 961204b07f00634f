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

    // Locals and fixed indexes, as in ByteWriter: C1 would otherwise load and store the position for every byte.

    public int getInt() {
        byte[] b = bytes;
        int p = position;
        position = p + 4;
        return (b[p] & 0xff) << 24 | (b[p + 1] & 0xff) << 16 | (b[p + 2] & 0xff) << 8 | b[p + 3] & 0xff;
    }

    public long getLong() {
        byte[] b = bytes;
        int p = position;
        position = p + 8;
        return (long) ((b[p] & 0xff) << 24 | (b[p + 1] & 0xff) << 16 | (b[p + 2] & 0xff) << 8 | b[p + 3] & 0xff) << 32
                | ((b[p + 4] & 0xff) << 24 | (b[p + 5] & 0xff) << 16 | (b[p + 6] & 0xff) << 8 | b[p + 7] & 0xff)
                & 0xffffffffL;
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
        byte[] bs = bytes;
        int p = position;
        int value = 0;
        for (int shift = 0; ; shift += 7) {
            int b = bs[p++];
            value |= (b & 0x7f) << shift;
            if (b >= 0) {
                position = p;
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
