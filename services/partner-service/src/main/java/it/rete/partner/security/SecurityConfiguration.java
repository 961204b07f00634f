package it.rete.partner.security;

import it.rete.plumbing.apiaccess.ApiAccess;
import it.rete.plumbing.apiaccess.ApiRole;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Who may call this partner's API: operator clients (API key or JWT, see {@link ApiAccess}) with the roles
 * {@link ApiRole}. Case and referral data need OPERATOR (VIEWER for reading); metrics need MONITORING.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
class SecurityConfiguration {

    /** The operator's page: static files only; every call it makes to the API carries the operator's key. */
    private static final String[] OPERATOR_PAGE = {"/", "/index.html", "/operator/**"};

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, ApiAccess access) throws Exception {
        return access.filterChain(http, requests -> requests
                .requestMatchers(HttpMethod.GET, OPERATOR_PAGE).permitAll()
                .requestMatchers(HttpMethod.GET, "/api/**").hasAnyRole(
                        ApiRole.OPERATOR.name(), ApiRole.VIEWER.name())
                .requestMatchers("/api/**").hasRole(ApiRole.OPERATOR.name()));
    }
}
