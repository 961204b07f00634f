package it.rete.cabina.export;

import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import it.rete.cabina.indicators.Filters;
import it.rete.cabina.indicators.IndicatorQueries;
import it.rete.cabina.indicators.Indicators;
import it.rete.cabina.indicators.Table;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** CSV export of every table, with the same filters and the same suppression as the page. */
@RestController
@Tag(name = "Export")
class ExportController {

    static final MediaType TEXT_CSV = new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8);

    private final Indicators indicators;

    ExportController(Indicators indicators) {
        this.indicators = indicators;
    }

    @GetMapping(path = "/api/export/{table}.csv")
    @Operation(summary = "One table as CSV (RFC 4180, UTF-8)", description = "Same tables and filters as "
            + "GET /api/indicators/{table}; suppressed cells read \"<k\".")
    ResponseEntity<String> csv(@PathVariable String table,
                               @Parameter(hidden = true) @RequestParam Map<String, String> parameters) {
        Filters filters = Filters.parse(parameters);
        Table result = indicators.table(table, filters);
        if (result == null) {
            throw new ResponseStatusException(org.springframework.http.HttpStatus.NOT_FOUND, "No table '" + table
                    + "'; tables: " + String.join(", ", IndicatorQueries.tableNames()));
        }
        return ResponseEntity.ok()
                .contentType(TEXT_CSV)
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(table + ".csv").build().toString())
                .body(Csv.of(result));
    }
}
