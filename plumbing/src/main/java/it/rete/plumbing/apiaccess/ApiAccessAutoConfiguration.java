package it.rete.plumbing.apiaccess;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * The API clients of a service ({@code rete.api.clients}) and the {@link ApiAccess} that authenticates them, for
 * every servlet service that has Spring Security on its classpath.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({EnableWebSecurity.class, JwtDecoder.class})
@EnableConfigurationProperties(ApiAccessProperties.class)
public class ApiAccessAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ApiAccessAutoConfiguration.class);

    @Bean
    ApiKeys apiKeys(ApiAccessProperties properties) {
        ApiKeys keys = new ApiKeys(properties.clients());
        if (keys.isEmpty()) {
            log.warn("No API client is configured (rete.api.clients): every API request will be refused");
        } else {
            log.info("API clients: {}", properties.clients().stream()
                    .filter(ApiAccessProperties.Client::enabled)
                    .map(c -> c.name() + " " + c.roles()).toList());
        }
        return keys;
    }

    @Bean
    ApiAccess apiAccess(ApiKeys keys, ApiAccessProperties properties, ObjectProvider<JwtDecoder> jwtDecoder) {
        JwtDecoder decoder = jwtDecoder.getIfAvailable();
        if (decoder != null) {
            log.info("OAuth2 bearer tokens are accepted, roles from claim '{}'", properties.jwtRolesClaim());
        }
        return new ApiAccess(keys, properties, decoder);
    }

    @Bean
    WebSecurityCustomizer requestRejectedAsProblem() {
        return web -> web.requestRejectedHandler(new SecurityProblems());
    }
}
