package it.rete.plumbing.apiaccess;

import java.util.List;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The clients allowed to use this service's API ({@code rete.api.clients}), each known by the SHA-256 of
 * its key: the key itself is never configured. A client with an empty hash is disabled.
 *
 * @param jwtRolesClaim the claim holding the roles when OAuth2 bearer tokens are accepted
 */
@Validated
@ConfigurationProperties("rete.api")
public record ApiAccessProperties(List<@Valid Client> clients, String jwtRolesClaim) {

    public ApiAccessProperties {
        clients = clients == null ? List.of() : List.copyOf(clients);
        jwtRolesClaim = jwtRolesClaim == null || jwtRolesClaim.isBlank() ? "roles" : jwtRolesClaim;
    }

    /**
     * @param name      who the client is (an operator team, a monitoring system); appears in logs
     * @param keySha256 lowercase or uppercase hex SHA-256 of the UTF-8 key; empty disables the client
     */
    public record Client(@NotNull @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,62}") String name,
                         @NotNull @Pattern(regexp = "([0-9a-fA-F]{64})?",
                                 message = "must be the 64 hex digits of a SHA-256 hash, or empty") String keySha256,
                         @NotEmpty Set<@NotNull ApiRole> roles) {

        public boolean enabled() {
            return !keySha256.isEmpty();
        }
    }
}
