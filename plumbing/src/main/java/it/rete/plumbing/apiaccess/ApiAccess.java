package it.rete.plumbing.apiaccess;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import jakarta.servlet.DispatcherType;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

/**
 * How every Rete service authenticates its API clients: API keys ({@link ApiKeys}) and, where an OAuth2 issuer is
 * configured, bearer JWTs whose roles claim names the same {@link ApiRole}s. Stateless: no session, no cookie, so
 * no CSRF token either. Health, the API document and metrics follow the same rules in every service; each service
 * adds the rules of its own endpoints ({@link #filterChain}).
 */
public final class ApiAccess {

    private static final String[] PUBLIC_DOCS = {"/api-docs", "/api-docs/**", "/swagger-ui.html", "/swagger-ui/**"};

    static final String API_KEY_SCHEME = "apiKey";
    static final String BEARER_SCHEME = "bearer";

    private final ApiKeys keys;
    private final ApiAccessProperties properties;
    private final JwtDecoder jwtDecoder;

    ApiAccess(ApiKeys keys, ApiAccessProperties properties, JwtDecoder jwtDecoder) {
        this.keys = keys;
        this.properties = properties;
        this.jwtDecoder = jwtDecoder;
    }

    /**
     * The service's filter chain: health and the API document are public, metrics need OPERATOR or MONITORING,
     * {@code endpointRules} decide the service's own endpoints, and anything else needs an authenticated client.
     */
    public SecurityFilterChain filterChain(HttpSecurity http, Customizer<AuthorizeHttpRequestsConfigurer<HttpSecurity>
            .AuthorizationManagerRequestMatcherRegistry> endpointRules) throws Exception {
        authenticate(http).authorizeHttpRequests(requests -> {
            // the error page only repeats a status already decided, with a fixed text
            requests.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                    .requestMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**").permitAll()
                    .requestMatchers(HttpMethod.GET, PUBLIC_DOCS).permitAll();
            endpointRules.customize(requests);
            requests.requestMatchers("/actuator/**").hasAnyRole(ApiRole.OPERATOR.name(), ApiRole.MONITORING.name())
                    .anyRequest().authenticated();
        });
        return http.build();
    }

    /** Authentication, problem responses for 401/403, no session. */
    private HttpSecurity authenticate(HttpSecurity http) throws Exception {
        SecurityProblems problems = new SecurityProblems();
        http.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .addFilterBefore(new ApiKeyAuthenticationFilter(keys, jwtDecoder != null, problems),
                        AnonymousAuthenticationFilter.class);
        if (jwtDecoder != null) {
            http.oauth2ResourceServer(resourceServer -> resourceServer
                    .bearerTokenResolver(jwtOnly())
                    .authenticationEntryPoint(problems)
                    .accessDeniedHandler(problems)
                    .jwt(jwt -> jwt.decoder(jwtDecoder)
                            .jwtAuthenticationConverter(rolesFromClaim(properties.jwtRolesClaim()))));
        }
        return http;
    }

    /** Declares both ways to send a key in an API document, so Swagger UI's "Authorize" button works. */
    public static OpenAPI declareSchemes(OpenAPI api) {
        return api.components(new Components()
                        .addSecuritySchemes(API_KEY_SCHEME, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.HEADER).name(ApiKeyAuthenticationFilter.API_KEY_HEADER)
                                .description("The client's API key"))
                        .addSecuritySchemes(BEARER_SCHEME, new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("bearer")
                                .description("The API key, or an OAuth2 access token (JWT) where an issuer is "
                                        + "configured")))
                .addSecurityItem(new SecurityRequirement().addList(API_KEY_SCHEME))
                .addSecurityItem(new SecurityRequirement().addList(BEARER_SCHEME));
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
