package it.rete.partner.security;

import jakarta.servlet.DispatcherType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

/**
 * Who may call this partner's API: operator clients with an API key (roles {@link ApiRole}), and, where an OAuth2
 * issuer is configured, bearer JWTs whose roles claim names the same roles. Stateless: no session, no cookie, so
 * no CSRF token either.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    private static final String[] PUBLIC_DOCS = {"/api-docs", "/api-docs/**", "/swagger-ui.html", "/swagger-ui/**"};
    /** The operator's page: static files only; every call it makes to the API carries the operator's key. */
    private static final String[] OPERATOR_PAGE = {"/", "/index.html", "/operator/**"};

    @Bean
    ApiKeys apiKeys(ApiAccessProperties properties) {
        ApiKeys keys = new ApiKeys(properties.clients());
        if (keys.isEmpty()) {
            log.warn("No API client is configured (rete.api.clients, e.g. RETE_OPERATOR_KEY_SHA256): every API "
                    + "request will be refused");
        } else {
            log.info("API clients: {}", properties.clients().stream()
                    .filter(ApiAccessProperties.Client::enabled)
                    .map(c -> c.name() + " " + c.roles()).toList());
        }
        return keys;
    }

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, ApiKeys keys, ApiAccessProperties properties,
                                    ObjectProvider<JwtDecoder> jwtDecoder) throws Exception {
        SecurityProblems problems = new SecurityProblems();
        JwtDecoder decoder = jwtDecoder.getIfAvailable();
        http.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .addFilterBefore(new ApiKeyAuthenticationFilter(keys, decoder != null, problems),
                        AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(requests -> requests
                        // the error page only repeats a status already decided, with a fixed text
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .requestMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers(HttpMethod.GET, PUBLIC_DOCS).permitAll()
                        .requestMatchers(HttpMethod.GET, OPERATOR_PAGE).permitAll()
                        .requestMatchers(HttpMethod.GET, "/api/**").hasAnyRole(
                                ApiRole.OPERATOR.name(), ApiRole.VIEWER.name())
                        .requestMatchers("/api/**").hasRole(ApiRole.OPERATOR.name())
                        .requestMatchers("/actuator/**").hasAnyRole(
                                ApiRole.OPERATOR.name(), ApiRole.MONITORING.name())
                        .anyRequest().authenticated());
        if (decoder != null) {
            log.info("OAuth2 bearer tokens are accepted, roles from claim '{}'", properties.jwtRolesClaim());
            http.oauth2ResourceServer(resourceServer -> resourceServer
                    .bearerTokenResolver(jwtOnly())
                    .authenticationEntryPoint(problems)
                    .accessDeniedHandler(problems)
                    .jwt(jwt -> jwt.decoder(decoder)
                            .jwtAuthenticationConverter(rolesFromClaim(properties.jwtRolesClaim()))));
        }
        return http.build();
    }

    @Bean
    WebSecurityCustomizer requestRejectedAsProblem() {
        return web -> web.requestRejectedHandler(new SecurityProblems());
    }

    /** Roles from the claim (a list or a space-separated string) become {@code ROLE_<name>}. */
    static JwtAuthenticationConverter rolesFromClaim(String claim) {
        var authorities = new JwtGrantedAuthoritiesConverter();
        authorities.setAuthoritiesClaimName(claim);
        authorities.setAuthorityPrefix("ROLE_");
        var converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(authorities);
        return converter;
    }

    /** Bearer tokens that are not JWTs are API keys, for {@link ApiKeyAuthenticationFilter}. */
    static BearerTokenResolver jwtOnly() {
        var standard = new DefaultBearerTokenResolver();
        return request -> {
            String token = standard.resolve(request);
            return token != null && ApiKeyAuthenticationFilter.isJwtShaped(token) ? token : null;
        };
    }
}
