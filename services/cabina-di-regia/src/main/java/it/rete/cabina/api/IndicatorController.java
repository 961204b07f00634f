package it.rete.cabina.api;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import it.rete.cabina.indicators.Filters;
import it.rete.cabina.indicators.IndicatorQueries;
import it.rete.cabina.indicators.Indicators;
import it.rete.cabina.indicators.Indicators.Dashboard;
import it.rete.cabina.indicators.Table;
import it.rete.cabina.live.IndicatorChanges;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The indicators behind the dashboard, as JSON, and the live notification stream. */
@RestController
@RequestMapping("/api")
@Tag(name = "Indicators", description = "The network's indicators, computed from every partner's ledger. Counts "
        + "below the suppression threshold k, and statistics over fewer than k observations, read \"<k\".")
class IndicatorController {

    static final String FILTER_HELP = "Filters (all optional): from, to (YYYY-MM-DD, inclusive, days in the "
            + "service's zone), territory, sector, intakeChannel, partner (case owner, referral sender or addressee, "
            + "placement maker), serviceType, interval (DAY, WEEK, MONTH: timeline buckets). The stuck list is "
            + "narrowed by partner and service type only; workload and the stuck list are as of now.";

    private final Indicators indicators;
    private final IndicatorQueries queries;
    private final IndicatorChanges changes;

    IndicatorController(Indicators indicators, IndicatorQueries queries, IndicatorChanges changes) {
        this.indicators = indicators;
        this.queries = queries;
        this.changes = changes;
    }

    @GetMapping("/indicators")
    @Operation(summary = "Every indicator table", description = FILTER_HELP)
    Dashboard dashboard(@Parameter(hidden = true) @RequestParam Map<String, String> parameters) {
        return indicators.dashboard(Filters.parse(parameters));
    }

    @GetMapping("/indicators/{table}")
    @Operation(summary = "One indicator table", description = "Tables: headline, cases-by-territory, "
            + "cases-by-sector, cases-by-intake-channel, referrals-by-partner, referrals-by-service-type, "
            + "decline-reasons, response-times, stuck-referrals, placements-by-kind, workload, timeline. "
            + FILTER_HELP)
    Table table(@PathVariable String table, @Parameter(hidden = true) @RequestParam Map<String, String> parameters) {
        Table result = indicators.table(table, Filters.parse(parameters));
        if (result == null) {
            throw new UnknownTableException(table);
        }
        return result;
    }

    @GetMapping("/filters")
    @Operation(summary = "The values the filters offer (territories and partners seen in the ledgers, and the "
            + "contracts' enumerations)")
    Map<String, List<String>> filterOptions() {
        return queries.filterOptions();
    }

    @GetMapping(path = "/live", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Server-sent events: '" + IndicatorChanges.EVENT_NAME + "' whenever the indicators "
            + "changed (at most one per debounce interval); re-read the JSON then")
    SseEmitter live() {
        return changes.subscribe();
    }
}
