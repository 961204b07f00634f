package it.rete.plumbing.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;

import it.rete.plumbing.testsupport.FramingTestSerializer;
import it.rete.plumbing.testsupport.TestEvent;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PositionSlotsTest {

    /** An event with its position in a nested envelope, previous hash before the sequence and adjacent to it. */
    private static final Schema NESTED = new Schema.Parser().parse("""
            {"type": "record", "name": "Nested", "namespace": "t", "fields": [
              {"name": "note", "type": "string"},
              {"name": "envelope", "type": {"type": "record", "name": "Env", "fields": [
                {"name": "eventId", "type": "string"},
                {"name": "previousEventHash", "type": "string"},
                {"name": "sequence", "type": "long"},
                {"name": "tags", "type": {"type": "array", "items": "string"}}
              ]}},
              {"name": "count", "type": "int"}
            ]}""");

    /** The sequence as a string: not a position the bytes can take. */
    private static final Schema STRING_SEQUENCE = new Schema.Parser().parse("""
            {"type": "record", "name": "Odd", "namespace": "t", "fields": [
              {"name": "sequence", "type": "string"},
              {"name": "previousEventHash", "type": "string"}
            ]}""");

    private static final String HASH = "0123456789abcdef".repeat(4);

    @ParameterizedTest
    @ValueSource(longs = { 1, 2, 63, 64, 300, 8191, 8192, 1L << 40, Long.MAX_VALUE })
    void placingAPositionGivesTheBytesTheSerializerWritesAtThatPosition(long sequence) {
        var serializer = new FramingTestSerializer();
        TestEvent event = new TestEvent("id-1", "case-1", 0, "", "a note with ümlauts");
        PositionFields fields = PositionFields.of(event.getSchema());
        PositionSlots slots = slots(event, fields, e -> serializer.serialize("t", e));

        LedgerPosition position = new LedgerPosition(sequence, HASH);
        fields.set(event, PositionSlots.PLACEHOLDER);
        byte[] placeholder = serializer.serialize("t", event);
        fields.set(event, position);
        assertThat(slots.place(placeholder, position)).isEqualTo(serializer.serialize("t", event));
    }

    @ParameterizedTest
    @ValueSource(longs = { 1, 64, 300, 1L << 40 })
    void aNestedEnvelopeWithTheHashBeforeTheSequenceWorksToo(long sequence) {
        GenericRecord envelope = new GenericData.Record(NESTED.getField("envelope").schema());
        envelope.put("eventId", "e-1");
        envelope.put("tags", java.util.List.of("x", "yz"));
        GenericRecord event = new GenericData.Record(NESTED);
        event.put("note", "n");
        event.put("envelope", envelope);
        event.put("count", 7);
        PositionFields fields = PositionFields.of(NESTED);
        PositionSlots slots = slots(event, fields, PositionSlotsTest::framed);
        assertThat(slots.hashOffset()).isLessThan(slots.sequenceOffset());

        LedgerPosition position = new LedgerPosition(sequence, HASH);
        fields.set(event, PositionSlots.PLACEHOLDER);
        byte[] placeholder = framed(event);
        fields.set(event, position);
        assertThat(slots.place(placeholder, position)).isEqualTo(framed(event));
    }

    @Test
    void aRecordWithoutAPositionIsRefused() {
        assertThatThrownBy(() -> PositionFields.of(STRING_SEQUENCE)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("carries no ledger position");
    }

    @Test
    void bytesThatDifferElsewhereAreRefused() {
        var serializer = new FramingTestSerializer();
        byte[] a = serializer.serialize("t", new TestEvent("id", "c", 1, LedgerPosition.GENESIS_HASH, "x"));
        byte[] b = serializer.serialize("t", new TestEvent("id", "c", 2, "f".repeat(64), "y"));
        assertThatThrownBy(() -> PositionSlots.locate(a, b)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("differs beyond the position");
        byte[] sameLength = serializer.serialize("t", new TestEvent("id", "c", 1, "f".repeat(64), "x"));
        assertThatThrownBy(() -> PositionSlots.locate(a, sameLength)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("one sequence byte");
    }

    @Test
    void zigZagVarintsAreAvros() throws IOException {
        for (long value : new long[] { 0, 1, -1, 63, 64, 300, Long.MAX_VALUE, Long.MIN_VALUE }) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            encoder.writeLong(value);
            encoder.flush();
            assertThat(PositionSlots.zigZagVarint(value)).as("%d", value).isEqualTo(out.toByteArray());
        }
    }

    private static PositionSlots slots(IndexedRecord event, PositionFields fields,
            java.util.function.Function<IndexedRecord, byte[]> serialize) {
        fields.set(event, PositionSlots.PROBE);
        byte[] probe = serialize.apply(event);
        fields.set(event, PositionSlots.PLACEHOLDER);
        return PositionSlots.locate(serialize.apply(event), probe);
    }

    private static byte[] framed(IndexedRecord record) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(ByteBuffer.allocate(5).put((byte) 0).putInt(7).array());
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            new GenericDatumWriter<IndexedRecord>(record.getSchema()).write(record, encoder);
            encoder.flush();
            return out.toByteArray();
        }
        catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
