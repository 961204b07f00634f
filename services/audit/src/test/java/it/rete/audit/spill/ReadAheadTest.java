package it.rete.audit.spill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class ReadAheadTest {

    @Test
    void everyEntryArrivesInOrder() {
        List<Integer> source = IntStream.range(0, 10_001).boxed().toList();
        List<Integer> read = new ArrayList<>();
        try (ReadAhead<Integer> ahead = new ReadAhead<>(source.iterator(), 64, 2, "test-ahead")) {
            ahead.forEachRemaining(read::add);
            assertThat(ahead.hasNext()).isFalse();
        }
        assertThat(read).isEqualTo(source);
    }

    @Test
    void aFailureOfTheSourceComesAfterTheEntriesBeforeIt() {
        Iterator<Integer> failing = new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Integer next() {
                if (next == 100) {
                    throw new IllegalStateException("run file gone");
                }
                return next++;
            }
        };
        List<Integer> read = new ArrayList<>();
        try (ReadAhead<Integer> ahead = new ReadAhead<>(failing, 64, 2, "test-ahead")) {
            assertThatThrownBy(() -> ahead.forEachRemaining(read::add))
                    .isInstanceOf(IllegalStateException.class).hasMessage("run file gone");
        }
        assertThat(read).isEqualTo(IntStream.range(0, 100).boxed().toList());
    }

    @Test
    void closingStopsTheSourceWhileItWaitsForRoom() throws Exception {
        AtomicInteger produced = new AtomicInteger();
        Iterator<Integer> endless = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Integer next() {
                return produced.incrementAndGet();
            }
        };
        ReadAhead<Integer> ahead = new ReadAhead<>(endless, 10, 2, "test-ahead");
        assertThat(ahead.next()).isEqualTo(1);
        Thread.sleep(200); // the source fills its room and waits
        int bound = produced.get();
        assertThat(bound).isLessThanOrEqualTo(10 * 4);
        ahead.close();
        int atClose = produced.get();
        Thread.sleep(200);
        assertThat(produced.get()).isEqualTo(atClose);
    }
}
