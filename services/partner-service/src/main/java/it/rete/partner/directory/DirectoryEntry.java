package it.rete.partner.directory;

import java.time.Instant;
import java.util.List;

/**
 * A service of the network directory as this partner knows it (its own or another partner's), shaped after Open
 * Referral HSDS. Capacity is null when the service does not count places.
 */
public record DirectoryEntry(String serviceId, String organisationId, String name, String description,
                             String serviceType, List<String> territories, List<String> languages,
                             String eligibility, String schedule, String operatorContact, String status,
                             Integer capacityAvailable, Integer capacityMaximum, Instant updatedAt) {

    public static final String ACTIVE = "ACTIVE";

    public boolean takesReferrals() {
        return ACTIVE.equals(status);
    }

    /** Whether {@code territory} and {@code language} (either null: any) are among those served (case-insensitive). */
    boolean serves(String territory, String language) {
        return (territory == null || territories.stream().anyMatch(territory::equalsIgnoreCase))
                && (language == null || languages.stream().anyMatch(language::equalsIgnoreCase));
    }
}
