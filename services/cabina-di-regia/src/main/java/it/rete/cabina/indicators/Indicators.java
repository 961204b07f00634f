package it.rete.cabina.indicators;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.stereotype.Service;

/** What users see: the indicator tables after {@link Suppression}. */
@Service
public class Indicators {

    private final IndicatorQueries queries;
    private final Suppression suppression;
    private final Clock clock;

    Indicators(IndicatorQueries queries, Suppression suppression, Clock clock) {
        this.queries = queries;
        this.suppression = suppression;
        this.clock = clock;
    }

    /**
     * @param filters the filters the numbers were computed with
     * @param suppressionThreshold k: counts below it, and statistics over fewer observations, show "&lt;k"
     * @param generatedAt when the numbers were computed
     * @param tables every table by name
     */
    public record Dashboard(Map<String, String> filters, int suppressionThreshold, Instant generatedAt,
                            Map<String, Table> tables) {
    }

    public Dashboard dashboard(Filters filters) {
        Map<String, Table> tables = new LinkedHashMap<>();
        queries.all(filters).forEach((name, raw) -> tables.put(name, suppression.apply(raw)));
        return new Dashboard(filters.asParameters(), suppression.k(), clock.instant(), tables);
    }

    /** One table, or null when there is no table of that name. */
    public Table table(String name, Filters filters) {
        Table raw = queries.table(name, filters);
        return raw == null ? null : suppression.apply(raw);
    }
}
