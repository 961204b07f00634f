package it.rete.loadgen;

import java.util.Arrays;

/** Percentiles of a set of durations in microseconds (nearest rank). */
public record Percentiles(int count, double p50Ms, double p99Ms, double p999Ms, double maxMs) {

    public static Percentiles of(long[] micros) {
        if (micros.length == 0) {
            return new Percentiles(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        long[] sorted = micros.clone();
        Arrays.sort(sorted);
        return new Percentiles(sorted.length, rank(sorted, 0.50), rank(sorted, 0.99), rank(sorted, 0.999),
                sorted[sorted.length - 1] / 1000.0);
    }

    static double rank(long[] sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1000.0;
    }

    @Override
    public String toString() {
        return count == 0 ? "none" : String.format("p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms (n=%d)",
                p50Ms, p99Ms, p999Ms, maxMs, count);
    }
}
