package it.rete.partner.security;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import it.rete.plumbing.apiaccess.ApiAccess;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The API document declares both ways to send a key, so Swagger UI's "Authorize" button works. */
@Configuration(proxyBeanMethods = false)
class OpenApiSecurity {

    @Bean
    OpenAPI partnerApi() {
        return ApiAccess.declareSchemes(new OpenAPI()
                .info(new Info().title("Rete partner service API").version("v1")
                        .description("Cases, consent, referrals and placements of one partner of the network. "
                                + "Every operation needs an operator client's API key (or an OAuth2 token where "
                                + "configured).")));
    }
}
