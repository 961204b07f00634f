package it.rete.cabina.indicators;

/**
 * A column of an indicator table.
 *
 * @param key name in JSON and CSV
 * @param kind what the values are, which decides how they are suppressed
 * @param basis for {@link Kind#RATE} and {@link Kind#STATISTIC}: the key of the count column holding the number of
 *     observations the value is computed over
 */
public record Column(String key, Kind kind, String basis) {

    public enum Kind {
        /** A dimension value (territory, partner, month, ...): shown as is. */
        LABEL,
        /** Text that is not a count (a pseudonymous id, a date): shown as is. */
        TEXT,
        /** A number that counts no people (days overdue, a configured target): shown as is. */
        NUMBER,
        /** A count of cases, referrals or placements: suppressed below k. */
        COUNT,
        /** A fraction 0..1: suppressed when its basis counts fewer than k. */
        RATE,
        /** A median, percentile, ...: suppressed when computed over fewer than k observations. */
        STATISTIC
    }

    public static Column label(String key) {
        return new Column(key, Kind.LABEL, null);
    }

    public static Column text(String key) {
        return new Column(key, Kind.TEXT, null);
    }

    public static Column number(String key) {
        return new Column(key, Kind.NUMBER, null);
    }

    public static Column count(String key) {
        return new Column(key, Kind.COUNT, null);
    }

    public static Column rate(String key, String basis) {
        return new Column(key, Kind.RATE, basis);
    }

    public static Column statistic(String key, String basis) {
        return new Column(key, Kind.STATISTIC, basis);
    }
}
