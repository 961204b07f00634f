package it.rete.partner.security;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The API document declares both ways to send a key, so Swagger UI's "Authorize" button works. */
@Configuration(proxyBeanMethods = false)
class OpenApiSecurity {

    static final String API_KEY_SCHEME = "apiKey";
    static final String BEARER_SCHEME = "bearer";

    @Bean
    OpenAPI partnerApi() {
        return new OpenAPI()
                .info(new Info().title("Rete partner service API").version("v1")
                        .description("Cases, consent, referrals and placements of one partner of the network. "
                                + "Every operation needs an operator client's API key (or an OAuth2 token where "
                                + "configured)."))
                .components(new Components()
                        .addSecuritySchemes(API_KEY_SCHEME, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.HEADER).name(ApiKeyAuthenticationFilter.API_KEY_HEADER)
                                .description("The operator client's API key"))
                        .addSecuritySchemes(BEARER_SCHEME, new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("bearer")
                                .description("The API key, or an OAuth2 access token (JWT) where an issuer is "
                                        + "configured")))
                .addSecurityItem(new SecurityRequirement().addList(API_KEY_SCHEME))
                .addSecurityItem(new SecurityRequirement().addList(BEARER_SCHEME));
    }
}
