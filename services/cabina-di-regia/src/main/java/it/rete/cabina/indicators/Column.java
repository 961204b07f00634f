package it.rete.cabina.indicators;

import java.util.List;

/**
 * A column of an indicator table.
 *
 * @param key name in JSON and CSV
 * @param kind what the values are, which decides how they are suppressed
 * @param basis for {@link Kind#RATE} and {@link Kind#STATISTIC}: the key of the count column holding the number of
 *     observations the value is computed over
 * @param numerator for {@link Kind#RATE}: the key of the count column it divides by the basis
 * @param parts for a {@link Kind#COUNT} that is the sum of other counts of its row: their keys (so suppression
 *     knows that hiding one of them alone would not hide it)
 */
public record Column(String key, Kind kind, String basis, String numerator, List<String> parts) {

    public enum Kind {
        /** A dimension value (territory, partner, month, ...): shown as is. */
        LABEL,
        /** Text that is not a count (a pseudonymous id, a date): shown as is. */
        TEXT,
        /** A number that counts no people (days overdue, a configured target): shown as is. */
        NUMBER,
        /** A count of cases, referrals or placements: suppressed below k. */
        COUNT,
        /** A fraction 0..1 (numerator / basis): suppressed when its basis counts fewer than k. */
        RATE,
        /** A median, percentile, ...: suppressed when computed over fewer than k observations. */
        STATISTIC
    }

    public Column {
        parts = parts == null ? List.of() : List.copyOf(parts);
    }

    public static Column label(String key) {
        return new Column(key, Kind.LABEL, null, null, null);
    }

    public static Column text(String key) {
        return new Column(key, Kind.TEXT, null, null, null);
    }

    public static Column number(String key) {
        return new Column(key, Kind.NUMBER, null, null, null);
    }

    public static Column count(String key) {
        return new Column(key, Kind.COUNT, null, null, null);
    }

    /** A count that is the sum of the counts {@code parts} of the same row. */
    public static Column total(String key, String... parts) {
        return new Column(key, Kind.COUNT, null, null, List.of(parts));
    }

    public static Column rate(String key, String numerator, String basis) {
        return new Column(key, Kind.RATE, basis, numerator, null);
    }

    public static Column statistic(String key, String basis) {
        return new Column(key, Kind.STATISTIC, basis, null, null);
    }
}
