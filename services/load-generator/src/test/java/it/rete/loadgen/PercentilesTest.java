package it.rete.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void nearestRankOnMicroseconds() {
        long[] micros = LongStream.rangeClosed(1, 1000).map(i -> i * 1000).toArray(); // 1..1000 ms, shuffled below
        for (int i = 0; i < micros.length; i++) {
            int j = (i * 7919) % micros.length;
            long t = micros[i];
            micros[i] = micros[j];
            micros[j] = t;
        }
        Percentiles p = Percentiles.of(micros);
        assertEquals(1000, p.count());
        assertEquals(500.0, p.p50Ms());
        assertEquals(990.0, p.p99Ms());
        assertEquals(999.0, p.p999Ms());
        assertEquals(1000.0, p.maxMs());
    }

    @Test
    void noSamplesIsReportedAsNone() {
        Percentiles p = Percentiles.of(new long[0]);
        assertEquals(0, p.count());
        assertTrue(Double.isNaN(p.p99Ms()));
        assertEquals("none", p.toString());
    }
}
