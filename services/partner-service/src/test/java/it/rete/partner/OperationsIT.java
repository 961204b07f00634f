package it.rete.partner;

import static org.assertj.core.api.Assertions.assertThat;

import it.rete.partner.support.PartnerNode;
import it.rete.partner.support.TestNetwork;
import org.junit.jupiter.api.Test;

/** What an operator of a partner service looks at: health of every dependency, and the API description. */
class OperationsIT {

    private final PartnerNode partner = TestNetwork.get().partner(TestNetwork.LULE);
    private final PartnerNode monitoring = partner.withKey(TestNetwork.get().keys(TestNetwork.LULE).monitoring());

    @Test
    void healthShowsTheDatabaseTheBrokerTheRegistryAndTheOutboxRelay() {
        var health = monitoring.get("/actuator/health");
        assertThat(health.status()).as(health.toString()).isEqualTo(200);
        var components = health.json().get("components");
        for (String component : new String[] {"db", "kafka", "schemaRegistry", "debezium"}) {
            assertThat(components.get(component)).as(component).isNotNull();
            assertThat(components.get(component).get("status").asString()).as(component).isEqualTo("UP");
        }
        assertThat(health.json().get("status").asString()).isEqualTo("UP");
        assertThat(components.get("schemaRegistry").get("details").get("compatibility").asString())
                .isEqualTo("BACKWARD_TRANSITIVE");
    }

    @Test
    void withoutCredentialsHealthIsAStatusOnly() {
        var health = partner.withoutCredentials().get("/actuator/health");
        assertThat(health.status()).as(health.toString()).isEqualTo(200);
        assertThat(health.json().get("status").asString()).isEqualTo("UP");
        assertThat(health.json().get("components")).isNull();
    }

    @Test
    void theOpenApiDocumentDescribesEveryOperation() {
        var apiDocs = partner.withoutCredentials().get("/api-docs");
        assertThat(apiDocs.status()).isEqualTo(200);
        var paths = apiDocs.json().get("paths");
        assertThat(paths.propertyNames()).contains("/api/cases", "/api/cases/{caseId}",
                "/api/cases/{caseId}/consents", "/api/cases/{caseId}/close", "/api/cases/{caseId}/referrals",
                "/api/referrals/{referralId}/accept", "/api/referrals/{referralId}/decline",
                "/api/referrals/{referralId}/withdraw", "/api/referrals/{referralId}/placements",
                "/api/referrals/{referralId}/complete", "/api/referrals/inbox", "/api/referrals/outbox");
        // the key schemes are declared, so Swagger UI can send a key
        var schemes = apiDocs.json().get("components").get("securitySchemes");
        assertThat(schemes.get("apiKey").get("name").asString()).isEqualTo("X-API-Key");
        assertThat(schemes.get("bearer").get("scheme").asString()).isEqualTo("bearer");
        assertThat(apiDocs.json().get("security")).isNotNull();
    }
}
