package it.rete.partner.dossier;

import it.rete.contracts.ErasureBasis;
import jakarta.validation.constraints.NotNull;

/** What an operator sends about a case's personal data. */
public final class DossierRequests {

    private DossierRequests() {
    }

    /** Erasing a case's personal data needs its ground. */
    public record Erasure(@NotNull ErasureBasis basis) {
    }
}
