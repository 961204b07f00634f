package it.rete.partner;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;

import it.rete.contracts.CaseOpened;
import it.rete.partner.support.ApiClientKeys;
import it.rete.partner.support.LocalEvents;
import it.rete.partner.support.PartnerNode;
import it.rete.partner.support.Story;
import it.rete.partner.support.TestIssuer;
import it.rete.partner.support.TestNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Who may call a partner's API: operator clients by API key, with their roles; health and API docs are public. */
class ApiAccessIT {

    private static final String OPEN_CASE = """
            {"territory": "Viadana", "sector": "LOGISTICS", "intakeChannel": "HELPLINE", "preferredLanguage": "ur"}""";

    private static PartnerNode operator;
    private static ApiClientKeys keys;

    @BeforeAll
    static void network() {
        TestNetwork network = TestNetwork.get();
        operator = network.partner(TestNetwork.PREFETTURA);
        keys = network.keys(TestNetwork.PREFETTURA);
    }

    @Test
    void withoutCredentialsEveryApiCallIsRefusedWith401() {
        PartnerNode anonymous = operator.withoutCredentials();
        long cases = count("case_file");

        for (var response : new PartnerNode.Response[] {anonymous.get("/api/referrals/inbox"),
                anonymous.get("/api/cases/" + java.util.UUID.randomUUID()), anonymous.post("/api/cases", OPEN_CASE),
                anonymous.get("/api/no-such-thing"), anonymous.get("/actuator/metrics"),
                anonymous.get("/actuator/prometheus"), anonymous.get("/actuator/info")}) {
            assertProblem(response, 401, "authentication-required");
            assertThat(response.header("WWW-Authenticate")).startsWith("Bearer realm=");
        }
        assertThat(count("case_file")).isEqualTo(cases);
    }

    @Test
    void theOperatorPageIsPublicButNothingElseOutsideTheApiIs() {
        PartnerNode anonymous = operator.withoutCredentials();
        var page = anonymous.get("/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).contains("operator/operator.js").doesNotContain("Bearer ");
        assertThat(page.header("Set-Cookie")).isNull();
        assertThat(anonymous.get("/operator/operator.js").status()).isEqualTo(200);
        assertThat(anonymous.get("/operator/operator.css").status()).isEqualTo(200);
        assertProblem(anonymous.get("/something-else.html"), 401, "authentication-required");
        assertProblem(anonymous.post("/", "{}"), 401, "authentication-required");
    }

    @Test
    void aWrongKeyIsRefusedWith401WhicheverHeaderCarriesIt() {
        long cases = count("case_file");
        String wrong = ApiClientKeys.newKey();
        String otherPartners = TestNetwork.get().keys(TestNetwork.LULE).operator();

        for (var response : new PartnerNode.Response[] {
                operator.withKey(wrong).post("/api/cases", OPEN_CASE),
                operator.withKey(otherPartners).get("/api/referrals/inbox"),
                operator.withKey("").get("/api/referrals/inbox"),
                operator.withoutCredentials().send("GET", "/api/referrals/inbox", null, "X-API-Key", wrong),
                operator.withoutCredentials().send("POST", "/api/cases", HttpRequest.BodyPublishers.ofString(OPEN_CASE),
                        "Content-Type", "application/json", "X-API-Key", otherPartners),
                // the hash of the key is not the key
                operator.withKey(it.rete.plumbing.apiaccess.ApiKeys.sha256Hex(keys.operator()))
                        .get("/api/referrals/inbox")}) {
            assertProblem(response, 401, "invalid-credentials");
            assertThat(response.header("WWW-Authenticate")).contains("error=\"invalid_token\"");
            assertThat(response.body()).doesNotContain(wrong).doesNotContain(otherPartners);
        }
        assertThat(count("case_file")).isEqualTo(cases);
    }

    @Test
    void aViewerReadsButCannotWrite() {
        PartnerNode viewer = operator.withKey(keys.viewer());
        String caseId = Story.openCase(operator);
        long cases = count("case_file");
        long events = LocalEvents.concerning(operator, caseId);
        long casesOpened = LocalEvents.ofType(operator, CaseOpened.class);

        assertThat(viewer.get("/api/cases/" + caseId).status()).isEqualTo(200);
        assertThat(viewer.get("/api/referrals/outbox").status()).isEqualTo(200);
        assertProblem(viewer.post("/api/cases", OPEN_CASE), 403, "forbidden");
        assertProblem(viewer.post("/api/cases/" + caseId + "/close", """
                {"reason": "GOALS_MET"}"""), 403, "forbidden");
        assertProblem(viewer.get("/actuator/metrics"), 403, "forbidden");

        assertThat(count("case_file")).isEqualTo(cases);
        assertThat(LocalEvents.concerning(operator, caseId)).isEqualTo(events);
        assertThat(LocalEvents.ofType(operator, CaseOpened.class)).isEqualTo(casesOpened);
        assertThat(viewer.get("/api/cases/" + caseId).json().get("caseFile").get("status").asString())
                .isEqualTo("OPEN");
    }

    @Test
    void anOperatorWritesWithEitherHeader() {
        long cases = count("case_file");
        assertThat(operator.post("/api/cases", OPEN_CASE).status()).isEqualTo(201);
        var withApiKeyHeader = operator.withoutCredentials().send("POST", "/api/cases",
                HttpRequest.BodyPublishers.ofString(OPEN_CASE), "Content-Type", "application/json",
                "X-API-Key", keys.operator());
        assertThat(withApiKeyHeader.status()).as(withApiKeyHeader.toString()).isEqualTo(201);
        assertThat(count("case_file")).isEqualTo(cases + 2);
        // stateless: no session cookie to replay
        assertThat(withApiKeyHeader.header("Set-Cookie")).isNull();
        assertThat(operator.get("/actuator/metrics").status()).isEqualTo(200);
    }

    @Test
    void monitoringReadsMetricsButNoCaseData() {
        PartnerNode monitoring = operator.withKey(keys.monitoring());
        assertThat(monitoring.get("/actuator/metrics").status()).isEqualTo(200);
        assertThat(monitoring.get("/actuator/health").json().get("components")).isNotNull();
        assertProblem(monitoring.get("/api/referrals/inbox"), 403, "forbidden");
        assertProblem(monitoring.post("/api/cases", OPEN_CASE), 403, "forbidden");
    }

    @Test
    void whereAnIssuerIsConfiguredItsTokensAreAcceptedWithTheirRoles() {
        PartnerNode lule = TestNetwork.get().partner(TestNetwork.LULE);
        TestIssuer issuer = TestNetwork.get().issuer();
        long cases = count(lule, "case_file");

        var opened = lule.withKey(issuer.token("desk-7", List.of("OPERATOR"), Duration.ofMinutes(5)))
                .post("/api/cases", OPEN_CASE);
        assertThat(opened.status()).as(opened.toString()).isEqualTo(201);
        String viewerToken = issuer.token("control-room", List.of("VIEWER"), Duration.ofMinutes(5));
        assertThat(lule.withKey(viewerToken).get("/api/referrals/inbox").status()).isEqualTo(200);
        assertProblem(lule.withKey(viewerToken).post("/api/cases", OPEN_CASE), 403, "forbidden");
        assertProblem(lule.withKey(issuer.token("nobody", List.of(), Duration.ofMinutes(5)))
                .get("/api/referrals/inbox"), 403, "forbidden");
        // expired, or signed by someone else
        assertProblem(lule.withKey(issuer.token("desk-7", List.of("OPERATOR"), Duration.ofMinutes(-5)))
                .post("/api/cases", OPEN_CASE), 401, "invalid-credentials");
        assertProblem(lule.withKey(issuer.forgedToken("desk-7", List.of("OPERATOR")))
                .post("/api/cases", OPEN_CASE), 401, "invalid-credentials");
        // API keys keep working next to tokens
        assertThat(lule.post("/api/cases", OPEN_CASE).status()).isEqualTo(201);
        assertThat(count(lule, "case_file")).isEqualTo(cases + 2);
        // a partner without an issuer takes a token for a wrong key
        assertProblem(operator.withKey(issuer.token("desk-7", List.of("OPERATOR"), Duration.ofMinutes(5)))
                .get("/api/referrals/inbox"), 401, "invalid-credentials");
    }

    @Test
    void healthAndTheApiDocumentArePublic() {
        PartnerNode anonymous = operator.withoutCredentials();
        assertThat(anonymous.get("/actuator/health").status()).isEqualTo(200);
        assertThat(anonymous.get("/api-docs").status()).isEqualTo(200);
        assertThat(anonymous.get("/swagger-ui/index.html").status()).isEqualTo(200);
    }

    private static void assertProblem(PartnerNode.Response response, int status, String code) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("type").asString()).isEqualTo("urn:rete:problem:" + code);
    }

    private static long count(String table) {
        return count(operator, table);
    }

    private static long count(PartnerNode partner, String table) {
        return partner.bean(JdbcClient.class).sql("select count(*) from " + table).query(Long.class).single();
    }
}
