package it.rete.cabina.directory;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Service directory")
@RestController
class DirectoryController {

    private final NetworkDirectory directory;

    DirectoryController(NetworkDirectory directory) {
        this.directory = directory;
    }

    @Operation(summary = "Every partner's services in the network directory, with status and capacity")
    @GetMapping("/api/directory")
    List<NetworkDirectory.Service> services() {
        return directory.services();
    }
}
