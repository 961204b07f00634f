package it.rete.audit.spill;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;

/**
 * A reusable, growable byte buffer for the compact records the audit spills: one per encoder, reset before each
 * record, so encoding allocates nothing per event. Numbers are big-endian so that keys sort as bytes.
 */
public final class ByteWriter {

    private byte[] bytes = new byte[256];
    private int size;

    public ByteWriter reset() {
        size = 0;
        return this;
    }

    public int size() {
        return size;
    }

    byte[] array() {
        return bytes;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }

    public ByteWriter putByte(int value) {
        ensure(1);
        bytes[size++] = (byte) value;
        return this;
    }

    public ByteWriter putInt(int value) {
        ensure(4);
        for (int shift = 24; shift >= 0; shift -= 8) {
            bytes[size++] = (byte) (value >>> shift);
        }
        return this;
    }

    public ByteWriter putLong(long value) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            bytes[size++] = (byte) (value >>> shift);
        }
        return this;
    }

    public ByteWriter putBytes(byte[] value) {
        ensure(value.length);
        System.arraycopy(value, 0, bytes, size, value.length);
        size += value.length;
        return this;
    }

    /** The UTF-8 bytes of a string and no length: for keys, followed by a separator. */
    public ByteWriter putRaw(String value) {
        return putBytes(value.getBytes(StandardCharsets.UTF_8));
    }

    /** A nullable string: its UTF-8 length (-1 for null), then its bytes. */
    public ByteWriter putString(String value) {
        if (value == null) {
            return putInt(-1);
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        putInt(utf8.length);
        return putBytes(utf8);
    }

    /** An unsigned number in 7-bit groups, low first: 1 byte below 128. */
    public ByteWriter putVarint(int value) {
        ensure(5);
        while ((value & ~0x7f) != 0) {
            bytes[size++] = (byte) ((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        bytes[size++] = (byte) value;
        return this;
    }

    /** A nullable string as its number in {@code dictionary}, or its text when the dictionary does not hold it. */
    public ByteWriter putString(String value, StringDictionary dictionary) {
        int code = dictionary.code(value);
        putVarint(code);
        return code == StringDictionary.INLINE ? putString(value) : this;
    }

    /** A nullable UUID: a presence byte, then 16 bytes that sort as the UUID's unsigned value. */
    public ByteWriter putUuid(UUID value) {
        if (value == null) {
            return putByte(0);
        }
        putByte(1);
        putLong(value.getMostSignificantBits());
        return putLong(value.getLeastSignificantBits());
    }

    /** A UUID as exactly 16 bytes (never null). */
    public ByteWriter putUuidBytes(UUID value) {
        putLong(value.getMostSignificantBits());
        return putLong(value.getLeastSignificantBits());
    }
}
