package it.rete.cabina.indicators;

import static it.rete.cabina.indicators.Conditions.and;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import it.rete.cabina.CabinaProperties;
import it.rete.contracts.DeclineReason;
import it.rete.contracts.PlacementKind;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The indicators as SQL over the projection, with the user's filters. Returns raw tables (exact numbers):
 * everything shown to a user goes through {@link Suppression} first ({@link Indicators}).
 */
@Component
@Transactional(readOnly = true)
public class IndicatorQueries {

    static final String ANSWERED = "('ACCEPTED', 'IN_PROGRESS', 'COMPLETED', 'DECLINED')";
    static final String ACCEPTED = "('ACCEPTED', 'IN_PROGRESS', 'COMPLETED')";
    static final String OPEN_INBOUND = "('REQUESTED', 'ACCEPTED', 'IN_PROGRESS')";
    static final String ALL = "ALL";
    static final int MAX_BUCKETS = 1000;

    private final NamedParameterJdbcTemplate jdbc;
    private final CabinaProperties properties;
    private final Clock clock;

    public IndicatorQueries(NamedParameterJdbcTemplate jdbc, CabinaProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
    }

    /** Every table, raw, in the order the page shows them. */
    public Map<String, Table> all(Filters filters) {
        Map<String, Table> tables = new LinkedHashMap<>();
        for (Table table : List.of(headline(filters), casesBy(filters, "territory"), casesBy(filters, "sector"),
                casesBy(filters, "intake_channel"), referralsBy(filters, "to_partner_id"),
                referralsBy(filters, "service_type"), declineReasons(filters), responseTimes(filters),
                stuckReferrals(filters), placementsByKind(filters), workload(filters), timeline(filters))) {
            tables.put(table.name(), table);
        }
        return tables;
    }

    public Table table(String name, Filters filters) {
        return switch (name) {
            case "headline" -> headline(filters);
            case "cases-by-territory" -> casesBy(filters, "territory");
            case "cases-by-sector" -> casesBy(filters, "sector");
            case "cases-by-intake-channel" -> casesBy(filters, "intake_channel");
            case "referrals-by-partner" -> referralsBy(filters, "to_partner_id");
            case "referrals-by-service-type" -> referralsBy(filters, "service_type");
            case "decline-reasons" -> declineReasons(filters);
            case "response-times" -> responseTimes(filters);
            case "stuck-referrals" -> stuckReferrals(filters);
            case "placements-by-kind" -> placementsByKind(filters);
            case "workload" -> workload(filters);
            case "timeline" -> timeline(filters);
            default -> null;
        };
    }

    public static List<String> tableNames() {
        return List.of("headline", "cases-by-territory", "cases-by-sector", "cases-by-intake-channel",
                "referrals-by-partner", "referrals-by-service-type", "decline-reasons", "response-times",
                "stuck-referrals", "placements-by-kind", "workload", "timeline");
    }

    /** The numbers at the top of the page. */
    public Table headline(Filters filters) {
        Conditions where = conditions(filters);
        Map<String, Object> row = new LinkedHashMap<>();
        row.putAll(jdbc.queryForMap("select " + caseCounts(where) + " from case_fact c where c.opened_at is not null"
                + " and " + where.cases(), where.parameters()));
        row.putAll(jdbc.queryForMap("""
                select count(*) as "referralsSent",
                       count(*) filter (where r.state in %s) as "referralsAnswered",
                       count(*) filter (where r.state in %s) as "referralsAccepted",
                       count(*) filter (where r.state = 'DECLINED') as "referralsDeclined",
                       count(*) filter (where r.state = 'WITHDRAWN') as "referralsWithdrawn",
                       count(*) filter (where r.state = 'REQUESTED') as "referralsPending",
                       count(*) filter (where r.state = 'EXPIRED') as "referralsExpired"
                from referral_view r left join case_fact c on c.case_id = r.case_id
                where %s and %s
                """.formatted(ANSWERED, ACCEPTED, where.inPeriod("r.sent_at"), where.referrals()),
                where.parameters()));
        row.put("acceptanceRate", fraction(row.get("referralsAccepted"), row.get("referralsAnswered")));
        row.put("referralsOverdue", jdbc.queryForObject("""
                select count(*) from referral_view r
                where r.state = 'REQUESTED' and r.sent_at is not null and r.due_by < :now and %s
                """.formatted(where.referralsWithoutCaseAttributes()), where.parameters(), Long.class));
        row.putAll(jdbc.queryForMap("""
                select count(*) as "placements",
                       count(distinct p.case_id) filter (where p.kind = 'REGULAR_EMPLOYMENT')
                           as "regularEmploymentPeople"
                from placement_fact p left join referral_fact r on r.referral_id = p.referral_id
                     left join case_fact c on c.case_id = p.case_id
                where %s and %s
                """.formatted(where.inPeriod("p.made_at"), where.placements()), where.parameters()));
        int target = properties.regularEmploymentTarget();
        row.put("regularEmploymentTarget", target);
        row.put("regularEmploymentProgress", target == 0 ? null
                : ((Number) row.get("regularEmploymentPeople")).doubleValue() / target);
        return new Table("headline", List.of(Column.count("casesOpened"), Column.count("casesClosed"),
                Column.count("casesOpen"),
                Column.total("referralsSent", "referralsAccepted", "referralsDeclined", "referralsWithdrawn",
                        "referralsPending", "referralsExpired"),
                Column.total("referralsAnswered", "referralsAccepted", "referralsDeclined"),
                Column.count("referralsAccepted"),
                Column.rate("acceptanceRate", "referralsAccepted", "referralsAnswered"),
                Column.count("referralsDeclined"), Column.count("referralsWithdrawn"),
                Column.count("referralsPending"), Column.count("referralsOverdue"), Column.count("referralsExpired"),
                Column.count("placements"),
                Column.count("regularEmploymentPeople"), Column.number("regularEmploymentTarget"),
                Column.rate("regularEmploymentProgress", "regularEmploymentPeople",
                        "regularEmploymentPeople")), List.of(row));
    }

    private static String caseCounts(Conditions where) {
        return """
                count(*) filter (where %s) as "casesOpened",
                count(*) filter (where %s) as "casesClosed",
                count(*) filter (where c.opened_at < :end and (c.closed_at is null or c.closed_at >= :end))
                    as "casesOpen"
                """.formatted(where.inPeriod("c.opened_at"), where.inPeriod("c.closed_at"));
    }

    /** Cases opened and closed in the period, and open at its end, by one attribute of the case. */
    public Table casesBy(Filters filters, String attribute) {
        Conditions where = conditions(filters);
        String key = switch (attribute) {
            case "territory" -> "territory";
            case "sector" -> "sector";
            case "intake_channel" -> "intakeChannel";
            default -> throw new IllegalArgumentException(attribute);
        };
        List<Map<String, Object>> rows = jdbc.queryForList("""
                select c.%s as "%s", %s
                from case_fact c where c.opened_at is not null and %s
                group by c.%s order by c.%s
                """.formatted(attribute, key, caseCounts(where), where.cases(), attribute, attribute),
                where.parameters());
        rows.removeIf(row -> ((Number) row.get("casesOpened")).longValue() == 0
                && ((Number) row.get("casesClosed")).longValue() == 0
                && ((Number) row.get("casesOpen")).longValue() == 0);
        String name = "cases-by-" + (attribute.equals("intake_channel") ? "intake-channel" : attribute);
        return new Table(name, List.of(Column.label(key), Column.count("casesOpened"), Column.count("casesClosed"),
                Column.count("casesOpen")), rows);
    }

    /** The referral funnel of the referrals sent in the period, by addressee or by service type. */
    public Table referralsBy(Filters filters, String attribute) {
        Conditions where = conditions(filters);
        String key = attribute.equals("to_partner_id") ? "partner" : "serviceType";
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map<String, Object> row : jdbc.queryForList("""
                select r.%s as "%s", count(*) as "sent",
                       count(*) filter (where r.state in %s) as "accepted",
                       count(*) filter (where r.state = 'DECLINED') as "declined",
                       count(*) filter (where r.state = 'WITHDRAWN') as "withdrawn",
                       count(*) filter (where r.state = 'REQUESTED') as "pending",
                       count(*) filter (where r.state in %s) as "answered",
                       count(*) filter (where r.overdue_at is not null) as "reportedOverdue",
                       count(*) filter (where r.state = 'EXPIRED') as "expired"
                from referral_view r left join case_fact c on c.case_id = r.case_id
                where %s and %s
                group by r.%s order by r.%s
                """.formatted(attribute, key, ACCEPTED, ANSWERED, where.inPeriod("r.sent_at"), where.referrals(),
                attribute, attribute), where.parameters())) {
            row.put("acceptanceRate", fraction(row.get("accepted"), row.get("answered")));
            rows.add(row);
        }
        return new Table(key.equals("partner") ? "referrals-by-partner" : "referrals-by-service-type",
                List.of(Column.label(key),
                        Column.total("sent", "accepted", "declined", "withdrawn", "pending", "expired"),
                        Column.count("accepted"), Column.count("declined"), Column.count("withdrawn"),
                        Column.count("pending"), Column.total("answered", "accepted", "declined"),
                        Column.count("reportedOverdue"), Column.count("expired"),
                        Column.rate("acceptanceRate", "accepted", "answered")), rows);
    }

    /** Declined referrals by reason code (every code, so the table keeps its shape). */
    public Table declineReasons(Filters filters) {
        Conditions where = conditions(filters);
        Map<String, Object> counts = new TreeMap<>();
        jdbc.query("""
                select r.decline_reason, count(*) from referral_view r left join case_fact c on c.case_id = r.case_id
                where r.state = 'DECLINED' and %s and %s group by r.decline_reason
                """.formatted(where.inPeriod("r.sent_at"), where.referrals()), where.parameters(),
                (ResultSet rs) -> {
                    counts.put(rs.getString(1), rs.getLong(2));
                });
        List<Map<String, Object>> rows = new ArrayList<>();
        for (DeclineReason reason : DeclineReason.values()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("reasonCode", reason.name());
            row.put("declined", counts.getOrDefault(reason.name(), 0L));
            rows.add(row);
        }
        return new Table("decline-reasons", List.of(Column.label("reasonCode"), Column.count("declined")), rows);
    }

    /**
     * Hours from a referral's sending to its answer (per addressee and overall, referrals sent in the period), and
     * days from a case's opening to its first placement (first placements made in the period): median and 90th
     * percentile ({@code percentile_cont}).
     */
    public Table responseTimes(Filters filters) {
        Conditions where = conditions(filters);
        List<Map<String, Object>> rows = new ArrayList<>();
        jdbc.query("""
                select coalesce(r.to_partner_id, '%s') as scope, grouping(r.to_partner_id) as total, count(*) as n,
                       percentile_cont(0.5) within group (order by extract(epoch from r.answered_at - r.sent_at) / 3600.0)
                           as median,
                       percentile_cont(0.9) within group (order by extract(epoch from r.answered_at - r.sent_at) / 3600.0)
                           as p90
                from referral_view r left join case_fact c on c.case_id = r.case_id
                where r.state in %s and %s and %s
                group by grouping sets ((), (r.to_partner_id))
                order by total desc, scope
                """.formatted(ALL, ANSWERED, where.inPeriod("r.sent_at"), where.referrals()), where.parameters(),
                (ResultSet rs) -> {
                    rows.add(timing("HOURS_TO_ANSWER_REFERRAL", rs));
                });
        Map<String, Object> placement = jdbc.queryForObject("""
                select count(*) as n,
                       percentile_cont(0.5) within group (order by extract(epoch from fp.first_at - c.opened_at) / 86400.0)
                           as median,
                       percentile_cont(0.9) within group (order by extract(epoch from fp.first_at - c.opened_at) / 86400.0)
                           as p90,
                       '%s' as scope
                from (select p.case_id, min(p.made_at) as first_at
                      from placement_fact p left join referral_fact r on r.referral_id = p.referral_id
                      where %s group by p.case_id) fp
                join case_fact c on c.case_id = fp.case_id
                where c.opened_at is not null and %s and %s
                """.formatted(ALL, where.placementParties(), where.inPeriod("fp.first_at"), where.caseAttributes()),
                where.parameters(), (rs, i) -> timing("DAYS_FROM_OPENING_TO_PLACEMENT", rs));
        rows.add(placement);
        return new Table("response-times", List.of(Column.label("measure"), Column.label("partner"),
                Column.count("observations"), Column.statistic("median", "observations"),
                Column.statistic("p90", "observations")), rows);
    }

    private static Map<String, Object> timing(String measure, ResultSet rs) throws SQLException {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("measure", measure);
        row.put("partner", rs.getString("scope"));
        row.put("observations", rs.getLong("n"));
        row.put("median", nullableDouble(rs, "median"));
        row.put("p90", nullableDouble(rs, "p90"));
        return row;
    }

    private static Double nullableDouble(ResultSet rs, String label) throws SQLException {
        double value = rs.getDouble(label);
        return rs.wasNull() ? null : value;
    }

    /**
     * Referrals still unanswered after their due-by date and those that expired unanswered (to be referred again),
     * the longest overdue first: the list the control room chases. Pseudonymous ids and partners only: territory,
     * sector and channel neither appear nor narrow it.
     */
    public Table stuckReferrals(Filters filters) {
        Conditions where = conditions(filters);
        List<Map<String, Object>> rows = jdbc.query("""
                select r.referral_id, r.sender_partner_id, r.to_partner_id, r.service_type, r.urgency, r.due_by,
                       r.state,
                       floor(extract(epoch from coalesce(r.expired_at, cast(:now as timestamptz)) - r.due_by)
                             / 86400) as days_overdue
                from referral_view r
                where r.sent_at is not null and r.due_by < :now and r.state in ('REQUESTED', 'EXPIRED') and %s
                order by r.due_by, r.referral_id
                """.formatted(where.referralsWithoutCaseAttributes()), where.parameters(), (rs, i) -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("referralId", rs.getString("referral_id"));
                    row.put("sender", rs.getString("sender_partner_id"));
                    row.put("addressee", rs.getString("to_partner_id"));
                    row.put("serviceType", rs.getString("service_type"));
                    row.put("urgency", rs.getString("urgency"));
                    row.put("dueBy", rs.getTimestamp("due_by").toInstant().toString());
                    row.put("state", rs.getString("state"));
                    row.put("daysOverdue", rs.getLong("days_overdue"));
                    return row;
                });
        return new Table("stuck-referrals", List.of(Column.text("referralId"), Column.label("sender"),
                Column.label("addressee"), Column.label("serviceType"), Column.label("urgency"), Column.text("dueBy"),
                Column.label("state"), Column.number("daysOverdue")), rows);
    }

    /** Placements made in the period by kind, and the people they concern (every kind, so the table keeps shape). */
    public Table placementsByKind(Filters filters) {
        Conditions where = conditions(filters);
        Map<String, Map<String, Object>> byKind = new TreeMap<>();
        jdbc.query("""
                select p.kind, count(*), count(distinct p.case_id)
                from placement_fact p left join referral_fact r on r.referral_id = p.referral_id
                     left join case_fact c on c.case_id = p.case_id
                where %s and %s group by p.kind
                """.formatted(where.inPeriod("p.made_at"), where.placements()), where.parameters(), (ResultSet rs) -> {
                    byKind.put(rs.getString(1), Map.of("placements", rs.getLong(2), "people", rs.getLong(3)));
                });
        List<Map<String, Object>> rows = new ArrayList<>();
        for (PlacementKind kind : PlacementKind.values()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("kind", kind.name());
            row.put("placements", byKind.getOrDefault(kind.name(), Map.of()).getOrDefault("placements", 0L));
            row.put("people", byKind.getOrDefault(kind.name(), Map.of()).getOrDefault("people", 0L));
            rows.add(row);
        }
        return new Table("placements-by-kind", List.of(Column.label("kind"), Column.count("placements"),
                Column.count("people")), rows);
    }

    /** Open inbound referrals per addressee, now (the period does not apply: this is today's workload). */
    public Table workload(Filters filters) {
        Conditions where = conditions(filters);
        List<Map<String, Object>> rows = jdbc.queryForList("""
                select r.to_partner_id as "partner",
                       count(*) filter (where r.state in %s) as "openInbound",
                       count(*) filter (where r.state = 'REQUESTED') as "awaitingAnswer",
                       count(*) filter (where r.state in ('ACCEPTED', 'IN_PROGRESS')) as "inProgress",
                       count(*) filter (where r.state = 'REQUESTED' and r.due_by < :now) as "overdue"
                from referral_view r left join case_fact c on c.case_id = r.case_id
                where r.sent_at is not null and %s
                group by r.to_partner_id order by r.to_partner_id
                """.formatted(OPEN_INBOUND, where.inboundReferrals()), where.parameters());
        return new Table("workload", List.of(Column.label("partner"),
                Column.total("openInbound", "awaitingAnswer", "inProgress"),
                Column.count("awaitingAnswer"), Column.count("inProgress"), Column.count("overdue")), rows);
    }

    /** Cases opened and closed, referrals sent and placements made per day, week or month (no gaps). */
    public Table timeline(Filters filters) {
        Conditions where = conditions(filters);
        Map<LocalDate, Map<String, Object>> buckets = new TreeMap<>();
        jdbc.query("""
                select cast(b as date) as bucket, sum(opened), sum(closed), sum(sent), sum(placed) from (
                    select date_trunc(:unit, c.opened_at at time zone :zone) as b, 1 as opened, 0 as closed,
                           0 as sent, 0 as placed
                    from case_fact c where %s and %s
                    union all
                    select date_trunc(:unit, c.closed_at at time zone :zone), 0, 1, 0, 0
                    from case_fact c where c.opened_at is not null and %s and %s
                    union all
                    select date_trunc(:unit, r.sent_at at time zone :zone), 0, 0, 1, 0
                    from referral_fact r left join case_fact c on c.case_id = r.case_id where %s and %s
                    union all
                    select date_trunc(:unit, p.made_at at time zone :zone), 0, 0, 0, 1
                    from placement_fact p left join referral_fact r on r.referral_id = p.referral_id
                         left join case_fact c on c.case_id = p.case_id where %s and %s
                ) e group by b order by b
                """.formatted(where.inPeriod("c.opened_at"), where.cases(), where.inPeriod("c.closed_at"),
                where.cases(), where.inPeriod("r.sent_at"), where.referrals(), where.inPeriod("p.made_at"),
                where.placements()), where.parameters(), (ResultSet rs) -> {
                    buckets.put(rs.getDate(1).toLocalDate(), counts(rs.getLong(2), rs.getLong(3), rs.getLong(4),
                            rs.getLong(5)));
                });
        List<Map<String, Object>> rows = new ArrayList<>();
        if (!buckets.isEmpty() || (filters.from() != null && filters.to() != null)) {
            LocalDate first = filters.from() != null ? bucketStart(filters.from(), filters.interval())
                    : ((TreeMap<LocalDate, ?>) buckets).firstKey();
            LocalDate last = filters.to() != null ? bucketStart(filters.to(), filters.interval())
                    : ((TreeMap<LocalDate, ?>) buckets).lastKey();
            for (LocalDate bucket = first; !bucket.isAfter(last); bucket = next(bucket, filters.interval())) {
                if (rows.size() == MAX_BUCKETS) {
                    throw new InvalidFilterException(Map.of("interval", "the period has more than " + MAX_BUCKETS
                            + " " + filters.interval().unit() + "s: choose a longer interval or a shorter period"));
                }
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("period", label(bucket, filters.interval()));
                row.putAll(buckets.getOrDefault(bucket, counts(0, 0, 0, 0)));
                rows.add(row);
            }
        }
        return new Table("timeline", List.of(Column.label("period"), Column.count("casesOpened"),
                Column.count("casesClosed"), Column.count("referralsSent"), Column.count("placements")), rows);
    }

    /** Partners, territories and the enumerations the filters offer. Lists of names, no counts. */
    public Map<String, List<String>> filterOptions() {
        Map<String, List<String>> options = new LinkedHashMap<>();
        options.put("territory", jdbc.queryForList(
                "select distinct territory from case_fact where territory is not null order by 1", Map.of(),
                String.class));
        options.put("partner", jdbc.queryForList("""
                select owner_partner_id from case_fact where owner_partner_id is not null
                union select sender_partner_id from referral_fact where sender_partner_id is not null
                union select to_partner_id from referral_fact where to_partner_id is not null
                order by 1""", Map.of(), String.class));
        options.put("sector", names(it.rete.contracts.Sector.values()));
        options.put("intakeChannel", names(it.rete.contracts.IntakeChannel.values()));
        options.put("serviceType", names(it.rete.contracts.ServiceType.values()));
        options.put("interval", names(Filters.Interval.values()));
        return options;
    }

    private static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toList();
    }

    private static Map<String, Object> counts(long opened, long closed, long sent, long placed) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("casesOpened", opened);
        row.put("casesClosed", closed);
        row.put("referralsSent", sent);
        row.put("placements", placed);
        return row;
    }

    static LocalDate bucketStart(LocalDate day, Filters.Interval interval) {
        return switch (interval) {
            case DAY -> day;
            case WEEK -> day.with(TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY));
            case MONTH -> day.withDayOfMonth(1);
        };
    }

    private static LocalDate next(LocalDate bucket, Filters.Interval interval) {
        return switch (interval) {
            case DAY -> bucket.plusDays(1);
            case WEEK -> bucket.plusWeeks(1);
            case MONTH -> bucket.plusMonths(1);
        };
    }

    private static String label(LocalDate bucket, Filters.Interval interval) {
        return interval == Filters.Interval.MONTH ? bucket.format(DateTimeFormatter.ofPattern("yyyy-MM"))
                : bucket.toString();
    }

    private static Double fraction(Object numerator, Object denominator) {
        long d = ((Number) denominator).longValue();
        return d == 0 ? null : ((Number) numerator).doubleValue() / d;
    }

    private Conditions conditions(Filters filters) {
        return new Conditions(filters, properties.zone(), clock.instant());
    }
}
