package it.rete.audit.spill;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExternalSorterTest {

    @Test
    void sortsMoreThanFitsInMemoryThroughRunFiles(@TempDir Path dir) throws Exception {
        Random random = new Random(42);
        List<Long> keys = new ArrayList<>();
        try (ExternalSorter sorter = new ExternalSorter(dir, "test", 64 * 1024)) {
            for (int i = 0; i < 20_000; i++) {
                long key = random.nextLong();
                keys.add(key);
                sorter.add(ByteBuffer.allocate(8).putLong(key ^ Long.MIN_VALUE).array(),
                        ByteBuffer.allocate(8).putLong(key).array());
            }
            assertThat(sorter.runCount()).isGreaterThan(5);
            keys.sort(null);
            Iterator<ExternalSorter.Entry> sorted = sorter.sorted();
            for (long expected : keys) {
                assertThat(ByteBuffer.wrap(sorted.next().value()).getLong()).isEqualTo(expected);
            }
            assertThat(sorted.hasNext()).isFalse();
        }
        try (var files = Files.list(dir)) {
            assertThat(files).as("run files removed on close").isEmpty();
        }
    }

    @Test
    void smallInputStaysInMemory(@TempDir Path dir) {
        try (ExternalSorter sorter = new ExternalSorter(dir, "small", 1024 * 1024)) {
            sorter.add(new byte[] {(byte) 0xff}, new byte[] {1});
            sorter.add(new byte[] {0x01}, new byte[] {2});
            assertThat(sorter.runCount()).isZero();
            Iterator<ExternalSorter.Entry> sorted = sorter.sorted();
            assertThat(sorted.next().value()).containsExactly(2); // keys compare unsigned: 0x01 < 0xff
            assertThat(sorted.next().value()).containsExactly(1);
        }
    }
}
