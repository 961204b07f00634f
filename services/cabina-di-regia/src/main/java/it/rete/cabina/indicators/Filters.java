package it.rete.cabina.indicators;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import it.rete.contracts.IntakeChannel;
import it.rete.contracts.Sector;
import it.rete.contracts.ServiceType;

/**
 * What a user narrows the indicators to. Every field is optional.
 *
 * @param from first day of the period (inclusive)
 * @param to last day of the period (inclusive)
 * @param territory territory of the case's intake
 * @param sector sector of the case
 * @param intakeChannel intake channel of the case
 * @param partner a partner: owner of the case, sender or addressee of the referral, maker of the placement
 * @param serviceType service type of the referral
 * @param interval width of a timeline bucket
 */
public record Filters(LocalDate from, LocalDate to, String territory, Sector sector, IntakeChannel intakeChannel,
                      String partner, ServiceType serviceType, Interval interval) {

    public static final Set<String> PARAMETERS = Set.of("from", "to", "territory", "sector", "intakeChannel",
            "partner", "serviceType", "interval");
    private static final Pattern PARTNER_ID = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}");
    private static final int MAX_TERRITORY_LENGTH = 100;

    /** Timeline bucket width; the values are PostgreSQL's date_trunc units. */
    public enum Interval {
        DAY, WEEK, MONTH;

        public String unit() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static Filters none() {
        return new Filters(null, null, null, null, null, null, null, Interval.MONTH);
    }

    /** Parses request parameters; every bad or unknown one is reported at once. */
    public static Filters parse(Map<String, String> parameters) {
        Map<String, String> errors = new TreeMap<>();
        Map<String, String> values = new LinkedHashMap<>();
        parameters.forEach((key, value) -> {
            if (!PARAMETERS.contains(key)) {
                errors.put(key, "unknown parameter (known: " + new java.util.TreeSet<>(PARAMETERS) + ")");
            } else if (value != null && !value.isBlank()) {
                values.put(key, value.trim());
            }
        });
        LocalDate from = date(values.get("from"), "from", errors);
        LocalDate to = date(values.get("to"), "to", errors);
        if (from != null && to != null && from.isAfter(to)) {
            errors.put("to", "the period ends (" + to + ") before it starts (" + from + ")");
        }
        String territory = values.get("territory");
        if (territory != null && territory.length() > MAX_TERRITORY_LENGTH) {
            errors.put("territory", "longer than " + MAX_TERRITORY_LENGTH + " characters");
        }
        String partner = values.get("partner");
        if (partner != null && !PARTNER_ID.matcher(partner).matches()) {
            errors.put("partner", "not a partner id (lowercase letters, digits and '-')");
        }
        Sector sector = symbol(Sector.class, values.get("sector"), "sector", errors);
        IntakeChannel channel = symbol(IntakeChannel.class, values.get("intakeChannel"), "intakeChannel", errors);
        ServiceType serviceType = symbol(ServiceType.class, values.get("serviceType"), "serviceType", errors);
        Interval interval = symbol(Interval.class, values.get("interval"), "interval", errors);
        if (!errors.isEmpty()) {
            throw new InvalidFilterException(errors);
        }
        return new Filters(from, to, territory, sector, channel, partner, serviceType,
                interval == null ? Interval.MONTH : interval);
    }

    /** Start of the period as an instant, or null for "since the beginning". */
    public Instant fromInstant(ZoneId zone) {
        return from == null ? null : from.atStartOfDay(zone).toInstant();
    }

    /** End of the period (exclusive: the day after {@code to}) as an instant, or null for "until now". */
    public Instant toExclusiveInstant(ZoneId zone) {
        return to == null ? null : to.plusDays(1).atStartOfDay(zone).toInstant();
    }

    /** The filters as request parameters (for links and the CSV of the same view). */
    public Map<String, String> asParameters() {
        Map<String, String> map = new LinkedHashMap<>();
        put(map, "from", from);
        put(map, "to", to);
        put(map, "territory", territory);
        put(map, "sector", sector);
        put(map, "intakeChannel", intakeChannel);
        put(map, "partner", partner);
        put(map, "serviceType", serviceType);
        put(map, "interval", interval);
        return map;
    }

    private static void put(Map<String, String> map, String key, Object value) {
        if (value != null) {
            map.put(key, value.toString());
        }
    }

    private static LocalDate date(String value, String key, Map<String, String> errors) {
        if (value == null) {
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            errors.put(key, "not a date in the form YYYY-MM-DD");
            return null;
        }
    }

    private static <E extends Enum<E>> E symbol(Class<E> type, String value, String key,
                                                Map<String, String> errors) {
        if (value == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            errors.put(key, "one of " + Arrays.toString(type.getEnumConstants()));
            return null;
        }
    }
}
