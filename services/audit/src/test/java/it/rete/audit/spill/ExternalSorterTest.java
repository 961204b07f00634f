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
    void entriesOfEverySizeComeBackWholeAcrossTheRunFilesBuffers(@TempDir Path dir) {
        // values from empty to larger than a run file's 64 KB buffer, so that entries straddle its refills
        Random random = new Random(7);
        List<byte[]> values = new ArrayList<>();
        try (ExternalSorter sorter = new ExternalSorter(dir, "sizes", 512 * 1024, 3)) {
            for (int i = 0; i < 400; i++) {
                byte[] value = new byte[i % 50 == 0 ? 70_000 + random.nextInt(70_000) : random.nextInt(3_000)];
                random.nextBytes(value);
                values.add(value);
                sorter.add(ByteBuffer.allocate(4).putInt(i).array(), value);
            }
            assertThat(sorter.runCount()).isGreaterThan(3); // so the oldest runs are first merged into one
            Iterator<ExternalSorter.Entry> sorted = sorter.sorted();
            for (int i = 0; i < values.size(); i++) {
                ExternalSorter.Entry entry = sorted.next();
                assertThat(ByteBuffer.wrap(entry.key()).getInt()).isEqualTo(i);
                assertThat(entry.value()).isEqualTo(values.get(i));
            }
            assertThat(sorted.hasNext()).isFalse();
        }
    }

    @Test
    void mergesAtMostSoManyRunsAtOnceMergingTheOldestFirst(@TempDir Path dir) throws Exception {
        Random random = new Random(11);
        List<Long> keys = new ArrayList<>();
        try (ExternalSorter sorter = new ExternalSorter(dir, "wide", 64 * 1024, 4)) {
            for (int i = 0; i < 20_000; i++) {
                long key = random.nextLong();
                keys.add(key);
                sorter.add(ByteBuffer.allocate(8).putLong(key ^ Long.MIN_VALUE).array(),
                        ByteBuffer.allocate(8).putLong(key).array());
            }
            int written = sorter.runCount();
            assertThat(written).as("runs before the merge").isGreaterThan(12);
            keys.sort(null);
            Iterator<ExternalSorter.Entry> sorted = sorter.sorted();
            assertThat(sorted.hasNext()).isTrue();
            assertThat(sorter.runCount()).as("runs the final merge reads at once").isLessThanOrEqualTo(4);
            try (var files = Files.list(dir)) {
                assertThat(files).as("merged runs deleted").hasSize(sorter.runCount());
            }
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

    @Test
    void keysSharingTheirFirstBytesAreSortedInFullAndEqualKeysKeepTheirOrder(@TempDir Path dir) {
        Random random = new Random(7);
        List<String> keys = new ArrayList<>();
        try (ExternalSorter sorter = new ExternalSorter(dir, "ties", 1024 * 1024)) {
            for (int i = 0; i < 5_000; i++) {
                // a common prefix longer than the packed one, few distinct keys: long runs of ties
                String key = "case-0000" + random.nextInt(300);
                keys.add(key);
                sorter.add(key.getBytes(java.nio.charset.StandardCharsets.UTF_8), ByteBuffer.allocate(4).putInt(i).array());
            }
            assertThat(sorter.runCount()).isZero();
            Iterator<ExternalSorter.Entry> sorted = sorter.sorted();
            String previousKey = null;
            int previousIndex = -1;
            for (int n = 0; n < keys.size(); n++) {
                ExternalSorter.Entry entry = sorted.next();
                String key = new String(entry.key(), java.nio.charset.StandardCharsets.UTF_8);
                int index = ByteBuffer.wrap(entry.value()).getInt();
                assertThat(keys.get(index)).isEqualTo(key);
                if (previousKey != null) {
                    assertThat(key.compareTo(previousKey)).isGreaterThanOrEqualTo(0);
                    if (key.equals(previousKey)) {
                        assertThat(index).as("insertion order among equal keys").isGreaterThan(previousIndex);
                    }
                }
                previousKey = key;
                previousIndex = index;
            }
            assertThat(sorted.hasNext()).isFalse();
        }
    }
}
