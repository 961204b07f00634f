package it.rete.partner.directory;

import java.util.List;

import it.rete.contracts.ServiceStatus;
import it.rete.contracts.ServiceType;
import it.rete.partner.api.FreeText;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** What an operator sends to describe one of this partner's services and to change its status and capacity. */
public final class DirectoryRequests {

    /** The part of a service id after {@code <partner-id>.}. */
    public static final String SERVICE_SLUG_PATTERN = "[a-z0-9][a-z0-9-]{0,62}";
    /** A municipality or area: starts with a letter. */
    static final String TERRITORY_PATTERN = "\\p{L}[\\p{L}\\p{M}\\p{N} '().,-]*";
    static final String LANGUAGE_PATTERN = "[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8}){0,3}";
    static final int MAX_PLACES = 100_000;

    private DirectoryRequests() {
    }

    /** A whole service description, to create it or replace it. */
    public record PutService(
            @NotBlank @Size(max = 120) @FreeText String name,
            @FreeText String description,
            @NotNull ServiceType serviceType,
            @Size(max = 50) List<@NotNull @Size(max = 80) @Pattern(regexp = TERRITORY_PATTERN) String> territories,
            @Size(max = 30) List<@NotNull @Size(max = 35) @Pattern(regexp = LANGUAGE_PATTERN) String> languages,
            @FreeText String eligibility,
            @Size(max = 200) @FreeText String schedule,
            @Size(max = 200) @FreeText String operatorContact,
            @NotNull ServiceStatus status,
            @Min(0) @Max(MAX_PLACES) Integer capacityAvailable,
            @Min(0) @Max(MAX_PLACES) Integer capacityMaximum) {

        @AssertTrue(message = "capacityAvailable needs capacityMaximum and may not exceed it")
        public boolean isCapacityConsistent() {
            return DirectoryRequests.capacityConsistent(capacityAvailable, capacityMaximum);
        }

        List<String> territoriesOrEmpty() {
            return territories == null ? List.of() : List.copyOf(territories);
        }

        List<String> languagesOrEmpty() {
            return languages == null ? List.of() : List.copyOf(languages);
        }
    }

    /** Status and capacity only, what changes day by day; a field left out keeps its value. */
    public record UpdateAvailability(
            ServiceStatus status,
            @Min(0) @Max(MAX_PLACES) Integer capacityAvailable,
            @Min(0) @Max(MAX_PLACES) Integer capacityMaximum) {

        @AssertTrue(message = "give at least one of status, capacityAvailable, capacityMaximum")
        public boolean isNotEmpty() {
            return status != null || capacityAvailable != null || capacityMaximum != null;
        }
    }

    static boolean capacityConsistent(Integer available, Integer maximum) {
        return available == null || (maximum != null && available <= maximum);
    }
}
