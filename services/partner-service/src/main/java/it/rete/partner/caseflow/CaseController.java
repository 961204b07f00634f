package it.rete.partner.caseflow;

import java.net.URI;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Cases")
@RestController
@RequestMapping("/api/cases")
class CaseController {

    private final CaseService cases;

    CaseController(CaseService cases) {
        this.cases = cases;
    }

    @Operation(summary = "Open a case for a person met by this partner; returns its pseudonymous id")
    @PostMapping
    ResponseEntity<CaseFile> open(@Valid @RequestBody CaseRequests.OpenCase request) {
        CaseFile opened = cases.open(request);
        return ResponseEntity.created(URI.create("/api/cases/" + opened.caseId())).body(opened);
    }

    @Operation(summary = "Record the person's consent, or the legal basis that applies without it")
    @PostMapping("/{caseId}/consents")
    ResponseEntity<Consent> recordConsent(@PathVariable UUID caseId,
                                          @Valid @RequestBody CaseRequests.RecordConsent request) {
        return ResponseEntity.status(201).body(cases.recordConsent(caseId.toString(), request));
    }

    @Operation(summary = "Close a case opened by this partner; no referral may still be under way")
    @PostMapping("/{caseId}/close")
    CaseFile close(@PathVariable UUID caseId, @Valid @RequestBody CaseRequests.CloseCase request) {
        return cases.close(caseId.toString(), request);
    }
}
