package it.rete.partner.directory;

import java.util.List;

import it.rete.contracts.ServiceStatus;
import it.rete.contracts.ServiceType;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The services this partner offers, as configured ({@code rete.directory.services}); each is published at start
 * unless the directory has it already. Operators change them later through the API (status and capacity above all).
 */
@Validated
@ConfigurationProperties("rete.directory")
public record DirectoryProperties(List<@Valid ConfiguredService> services) {

    public DirectoryProperties {
        services = services == null ? List.of() : List.copyOf(services);
    }

    /** @param slug the service id without the {@code <partner-id>.} prefix */
    public record ConfiguredService(@NotNull @Pattern(regexp = DirectoryRequests.SERVICE_SLUG_PATTERN) String slug,
                                    String name, String description, ServiceType serviceType,
                                    List<String> territories, List<String> languages, String eligibility,
                                    String schedule, String operatorContact, ServiceStatus status,
                                    Integer capacityAvailable, Integer capacityMaximum) {

        /** As an operator would send it: validated the same way. */
        DirectoryRequests.PutService asRequest() {
            return new DirectoryRequests.PutService(name, description, serviceType, territories, languages,
                    eligibility, schedule, operatorContact, status == null ? ServiceStatus.ACTIVE : status,
                    capacityAvailable, capacityMaximum);
        }
    }
}
