package it.rete.plumbing.outbox;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where an event's ledger position sits in its serialized Kafka value, so that the position can be written into the
 * bytes after the request's commit without the event object (and byte for byte as the serializer would have written
 * it).
 *
 * <p>Avro binary has no lengths around records, so the sequence (a zig-zag varint) and the previous hash (a string of
 * 64 ASCII characters, prefixed by its length 64 = bytes {@code 0x80 0x01}) can be replaced in place: the hash keeps
 * its length, only the varint may grow. The slots are found by serializing the event twice, at {@link #PLACEHOLDER}
 * and at {@link #PROBE}: exactly the sequence's byte (one byte for 1 and 2) and the hash's 64 bytes differ.
 *
 * @param sequenceOffset index of the placeholder sequence's single varint byte in the value
 * @param hashOffset     index of the first of the 64 characters of the placeholder previous hash
 */
public record PositionSlots(int sequenceOffset, int hashOffset) {

    /** The position an event is written with until it is sequenced. */
    public static final LedgerPosition PLACEHOLDER = LedgerPosition.genesis();
    /** The second serialization, differing from the placeholder in every byte of the position. */
    static final LedgerPosition PROBE = new LedgerPosition(2, "f".repeat(64));

    private static final int HASH_LENGTH = 64;
    private static final byte PLACEHOLDER_SEQUENCE_BYTE = 0x02; // zig-zag(1)
    private static final byte PROBE_SEQUENCE_BYTE = 0x04;       // zig-zag(2)

    public PositionSlots {
        if (sequenceOffset < 0 || hashOffset < 2) {
            throw new IllegalArgumentException("offsets out of range: " + sequenceOffset + ", " + hashOffset);
        }
        if (sequenceOffset >= hashOffset - 2 && sequenceOffset < hashOffset + HASH_LENGTH) {
            throw new IllegalArgumentException("the sequence slot overlaps the hash slot");
        }
    }

    /**
     * The slots, from the value serialized at {@link #PLACEHOLDER} and the same event serialized at {@link #PROBE}.
     *
     * @throws IllegalArgumentException if the two do not differ exactly in one long and one 64-character string
     */
    public static PositionSlots locate(byte[] placeholder, byte[] probe) {
        if (placeholder.length != probe.length) {
            throw notAPosition("the two serializations differ in length");
        }
        int sequence = -1;
        List<Integer> hash = new ArrayList<>(HASH_LENGTH);
        for (int i = 0; i < placeholder.length; i++) {
            if (placeholder[i] == probe[i]) {
                continue;
            }
            if (placeholder[i] == PLACEHOLDER_SEQUENCE_BYTE && probe[i] == PROBE_SEQUENCE_BYTE && sequence < 0) {
                sequence = i;
            }
            else if (placeholder[i] == '0' && probe[i] == 'f') {
                hash.add(i);
            }
            else {
                throw notAPosition("byte " + i + " differs beyond the position");
            }
        }
        if (sequence < 0 || hash.size() != HASH_LENGTH
                || hash.get(HASH_LENGTH - 1) - hash.get(0) != HASH_LENGTH - 1) {
            throw notAPosition("expected one sequence byte and 64 consecutive hash bytes to differ");
        }
        int hashOffset = hash.get(0);
        if (hashOffset < 2 || (placeholder[hashOffset - 2] & 0xff) != 0x80 || placeholder[hashOffset - 1] != 0x01) {
            throw notAPosition("the previous hash is not a 64-character Avro string");
        }
        return new PositionSlots(sequence, hashOffset);
    }

    private static IllegalArgumentException notAPosition(String why) {
        return new IllegalArgumentException("Cannot locate the ledger position in the serialized event (" + why
                + "): the serializer must write the event's long sequence and string previous hash as Avro binary");
    }

    /** The value serialized at {@link #PLACEHOLDER}, with {@code position} written into its slots. */
    public byte[] place(byte[] placeholder, LedgerPosition position) {
        byte[] sequence = zigZagVarint(position.sequence());
        byte[] hash = position.previousEventHash().getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[placeholder.length - 1 + sequence.length];
        System.arraycopy(placeholder, 0, out, 0, sequenceOffset);
        System.arraycopy(sequence, 0, out, sequenceOffset, sequence.length);
        System.arraycopy(placeholder, sequenceOffset + 1, out, sequenceOffset + sequence.length,
                placeholder.length - sequenceOffset - 1);
        int hashAt = hashOffset > sequenceOffset ? hashOffset + sequence.length - 1 : hashOffset;
        System.arraycopy(hash, 0, out, hashAt, HASH_LENGTH);
        return out;
    }

    /** Avro's encoding of a long. */
    static byte[] zigZagVarint(long value) {
        long n = (value << 1) ^ (value >> 63);
        byte[] buffer = new byte[10];
        int length = 0;
        while ((n & ~0x7FL) != 0) {
            buffer[length++] = (byte) ((n & 0x7F) | 0x80);
            n >>>= 7;
        }
        buffer[length++] = (byte) n;
        return Arrays.copyOf(buffer, length);
    }
}
