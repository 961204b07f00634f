package it.rete.partner.dossier;

import java.util.UUID;

import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Reading a referral's dossier (its sender and addressee only) and erasing a case's personal data (its owner). */
@RestController
@Validated
class DossierController {

    private final DossierService dossiers;

    DossierController(DossierService dossiers) {
        this.dossiers = dossiers;
    }

    @GetMapping("/api/referrals/{referralId}/dossier")
    Dossier dossier(@PathVariable UUID referralId) {
        return dossiers.read(referralId);
    }

    @PostMapping("/api/cases/{caseId}/erasure")
    @ResponseStatus(HttpStatus.ACCEPTED)
    void erase(@PathVariable UUID caseId, @Valid @RequestBody DossierRequests.Erasure erasure) {
        dossiers.erase(caseId.toString(), erasure.basis());
    }
}
