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

    // The writers below work on locals and write each byte at a fixed index: the tool runs with C1 only, which
    // would otherwise load and store the fields for every byte.

    public ByteWriter putByte(int value) {
        ensure(1);
        bytes[size++] = (byte) value;
        return this;
    }

    public ByteWriter putInt(int value) {
        ensure(4);
        byte[] b = bytes;
        int s = size;
        b[s] = (byte) (value >>> 24);
        b[s + 1] = (byte) (value >>> 16);
        b[s + 2] = (byte) (value >>> 8);
        b[s + 3] = (byte) value;
        size = s + 4;
        return this;
    }

    public ByteWriter putLong(long value) {
        ensure(8);
        byte[] b = bytes;
        int s = size;
        b[s] = (byte) (value >>> 56);
        b[s + 1] = (byte) (value >>> 48);
        b[s + 2] = (byte) (value >>> 40);
        b[s + 3] = (byte) (value >>> 32);
        b[s + 4] = (byte) (value >>> 24);
        b[s + 5] = (byte) (value >>> 16);
        b[s + 6] = (byte) (value >>> 8);
        b[s + 7] = (byte) value;
        size = s + 8;
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
        byte[] b = bytes;
        int s = size;
        while ((value & ~0x7f) != 0) {
            b[s++] = (byte) ((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        b[s++] = (byte) value;
        size = s;
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
