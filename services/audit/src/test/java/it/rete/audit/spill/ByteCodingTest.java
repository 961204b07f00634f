package it.rete.audit.spill;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ByteCodingTest {

    private static final long[] LONGS = {Long.MIN_VALUE, -1L, -0x0123456789abcdefL, 0L, 1L, 0x80L, 0xffL,
        0x7fffffffL, 0x80000000L, 0xffffffffL, 0x0123456789abcdefL, Long.MAX_VALUE};
    private static final int[] INTS = {Integer.MIN_VALUE, -1, -0x01234567, 0, 1, 0x7f, 0x80, 0xff, 0x8000,
        0x01234567, Integer.MAX_VALUE};

    @Test
    void numbersComeBackWhateverTheirBytes() {
        ByteWriter out = new ByteWriter();
        for (long value : LONGS) {
            out.putLong(value);
        }
        for (int value : INTS) {
            out.putInt(value).putVarint(value);
        }
        UUID id = new UUID(0x8000000000000001L, -2L);
        out.putUuid(id).putUuid(null).putUuidBytes(id).putString("città").putString(null);

        ByteReader in = new ByteReader(out.toByteArray());
        for (long value : LONGS) {
            assertThat(in.getLong()).isEqualTo(value);
        }
        for (int value : INTS) {
            assertThat(in.getInt()).isEqualTo(value);
            assertThat(in.getVarint()).isEqualTo(value);
        }
        assertThat(in.getUuid()).isEqualTo(id);
        assertThat(in.getUuid()).isNull();
        assertThat(in.getUuidBytes()).isEqualTo(id);
        assertThat(in.getString()).isEqualTo("città");
        assertThat(in.getString()).isNull();
        assertThat(in.position()).isEqualTo(out.size());
    }

    @Test
    void nonNegativeNumbersSortAsTheirBytes() {
        long[] sorted = {0L, 1L, 0xffL, 0x100L, 0xffffffffL, 0x100000000L, Long.MAX_VALUE};
        for (int i = 1; i < sorted.length; i++) {
            byte[] lower = new ByteWriter().putLong(sorted[i - 1]).toByteArray();
            byte[] higher = new ByteWriter().putLong(sorted[i]).toByteArray();
            assertThat(Arrays.compareUnsigned(lower, higher)).isNegative();
        }
    }

    @Test
    void theBufferGrowsPastItsFirstSize() {
        ByteWriter out = new ByteWriter();
        for (int i = 0; i < 1000; i++) {
            out.putLong(i).putInt(i).putVarint(i * 1000);
        }
        ByteReader in = new ByteReader(out.toByteArray());
        for (int i = 0; i < 1000; i++) {
            assertThat(in.getLong()).isEqualTo(i);
            assertThat(in.getInt()).isEqualTo(i);
            assertThat(in.getVarint()).isEqualTo(i * 1000);
        }
    }
}
