package it.rete.cabina.access;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import it.rete.plumbing.apiaccess.ApiAccess;
import it.rete.plumbing.apiaccess.ApiRole;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Who may use the cabina di regia: its clients (API key or JWT, see {@link ApiAccess}). VIEWER reads the
 * indicators, their live stream and exports (a coordinator, a projector in a meeting); OPERATOR may also rebuild
 * the indicators from history; MONITORING reads metrics. The page itself holds no data and is public: it asks for
 * a key before it reads anything.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
class AccessConfiguration {

    private static final String[] PAGE = {"/", "/index.html", "/cabina.js", "/cabina.css", "/favicon.ico"};

    @Bean
    SecurityFilterChain cabinaSecurity(HttpSecurity http, ApiAccess access) throws Exception {
        return access.filterChain(http, requests -> requests
                .requestMatchers(HttpMethod.GET, PAGE).permitAll()
                .requestMatchers(HttpMethod.GET, "/api/**").hasAnyRole(
                        ApiRole.OPERATOR.name(), ApiRole.VIEWER.name())
                .requestMatchers(HttpMethod.POST, "/api/rebuild").hasRole(ApiRole.OPERATOR.name()));
    }

    @Bean
    OpenAPI cabinaApi() {
        return ApiAccess.declareSchemes(new OpenAPI()
                .info(new Info().title("Rete cabina di regia API").version("v1")
                        .description("The network's indicators, computed from every partner's ledger, with small "
                                + "groups suppressed. Reading needs a VIEWER or OPERATOR key; rebuilding from "
                                + "history needs OPERATOR.")));
    }
}
