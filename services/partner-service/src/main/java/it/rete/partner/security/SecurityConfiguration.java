package it.rete.partner.security;

import it.rete.plumbing.apiaccess.ApiAccess;
import it.rete.plumbing.apiaccess.ApiRole;
import jakarta.servlet.DispatcherType;
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

    private static final String[] PUBLIC_DOCS = {"/api-docs", "/api-docs/**", "/swagger-ui.html", "/swagger-ui/**"};

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, ApiAccess access) throws Exception {
        access.authenticate(http).authorizeHttpRequests(requests -> requests
                // the error page only repeats a status already decided, with a fixed text
                .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                .requestMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**").permitAll()
                .requestMatchers(HttpMethod.GET, PUBLIC_DOCS).permitAll()
                .requestMatchers(HttpMethod.GET, "/api/**").hasAnyRole(
                        ApiRole.OPERATOR.name(), ApiRole.VIEWER.name())
                .requestMatchers("/api/**").hasRole(ApiRole.OPERATOR.name())
                .requestMatchers("/actuator/**").hasAnyRole(
                        ApiRole.OPERATOR.name(), ApiRole.MONITORING.name())
                .anyRequest().authenticated());
        return http.build();
    }
}
