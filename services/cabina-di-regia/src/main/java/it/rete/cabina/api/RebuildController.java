package it.rete.cabina.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import it.rete.cabina.rebuild.LedgerConsumption;
import it.rete.cabina.rebuild.LedgerConsumption.Status;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Consumption status and the rebuild from history. */
@RestController
@RequestMapping("/api")
@Tag(name = "Administration")
class RebuildController {

    private final LedgerConsumption consumption;

    RebuildController(LedgerConsumption consumption) {
        this.consumption = consumption;
    }

    @GetMapping("/status")
    @Operation(summary = "Events projected so far, ledger records still to read, last rebuild")
    Status status() {
        return consumption.status();
    }

    @PostMapping("/rebuild")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Clear the projection and read every ledger again from its beginning",
            description = "Answers when the replay has started; follow it with GET /api/status (recordsBehind "
                    + "reaches 0). The page updates live while the indicators fill up again.")
    Status rebuild() {
        return consumption.rebuild();
    }
}
