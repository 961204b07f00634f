package it.rete.partner.directory;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import it.rete.contracts.ServiceStatus;
import it.rete.contracts.ServiceType;
import it.rete.partner.NotFoundException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Service directory")
@RestController
@RequestMapping("/api/directory/services")
class DirectoryController {

    /** {@code <partner-id>.<slug>} */
    static final String SERVICE_ID_PATTERN = "[a-z0-9][a-z0-9-]{1,62}\\.[a-z0-9][a-z0-9-]{0,62}";

    private final ServiceDirectory directory;

    DirectoryController(ServiceDirectory directory) {
        this.directory = directory;
    }

    @Operation(summary = "Every partner's services in the network directory, with their current capacity")
    @GetMapping
    List<DirectoryEntry> list(@RequestParam(required = false) ServiceType serviceType,
                              @RequestParam(required = false) @Size(max = 80)
                              @Pattern(regexp = DirectoryRequests.TERRITORY_PATTERN) String territory,
                              @RequestParam(required = false) @Size(max = 35)
                              @Pattern(regexp = DirectoryRequests.LANGUAGE_PATTERN) String language,
                              @RequestParam(required = false) ServiceStatus status) {
        return directory.list(serviceType, territory, language, status);
    }

    @Operation(summary = "One service of the network directory")
    @GetMapping("/{serviceId}")
    DirectoryEntry get(@PathVariable @Pattern(regexp = SERVICE_ID_PATTERN) String serviceId) {
        return directory.find(serviceId).orElseThrow(() -> new NotFoundException("Service", serviceId));
    }

    @Operation(summary = "Describe one of this partner's services (create or replace it); it is published to the network")
    @PutMapping("/{serviceId}")
    DirectoryEntry put(@PathVariable @Pattern(regexp = SERVICE_ID_PATTERN) String serviceId,
                       @Valid @RequestBody DirectoryRequests.PutService request) {
        return directory.put(serviceId, request);
    }

    @Operation(summary = "Change the status or capacity of one of this partner's services; it is re-published")
    @PostMapping("/{serviceId}/availability")
    DirectoryEntry updateAvailability(@PathVariable @Pattern(regexp = SERVICE_ID_PATTERN) String serviceId,
                                      @Valid @RequestBody DirectoryRequests.UpdateAvailability request) {
        return directory.updateAvailability(serviceId, request);
    }
}
