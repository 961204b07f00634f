package it.rete.plumbing.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class WireFormatTest {

    @Test
    void frameWritesMagicBigEndianIdAndBody() {
        byte[] framed = WireFormat.frame(0x01020304, new byte[] {9, 8, 7});

        assertThat(framed).containsExactly(0, 1, 2, 3, 4, 9, 8, 7);
        assertThat(WireFormat.schemaId(framed)).isEqualTo(0x01020304);
        assertThat(WireFormat.avroBody(framed)).containsExactly(9, 8, 7);
    }

    @Test
    void emptyBodyAndLargeIdsRoundTrip() {
        byte[] framed = WireFormat.frame(Integer.MAX_VALUE, new byte[0]);

        assertThat(framed).hasSize(WireFormat.HEADER_SIZE);
        assertThat(WireFormat.schemaId(framed)).isEqualTo(Integer.MAX_VALUE);
        assertThat(WireFormat.avroBody(framed)).isEmpty();
    }

    @Test
    void avroBodyIsACopy() {
        byte[] framed = WireFormat.frame(1, new byte[] {5});
        WireFormat.avroBody(framed)[0] = 6;

        assertThat(WireFormat.avroBody(framed)).containsExactly(5);
    }

    @Test
    void rejectsWrongMagicByte() {
        assertThatThrownBy(() -> WireFormat.schemaId("{\"json\":1}".getBytes()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Unknown magic byte 0x7b");
    }

    @Test
    void rejectsInputShorterThanHeader() {
        assertThatThrownBy(() -> WireFormat.avroBody(new byte[] {0, 0, 1}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Unknown magic byte")
                .hasMessageContaining("3 bytes");
        assertThatThrownBy(() -> WireFormat.schemaId(null)).isInstanceOf(SerializationException.class);
    }
}
