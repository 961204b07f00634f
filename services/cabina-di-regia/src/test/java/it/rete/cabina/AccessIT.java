package it.rete.cabina;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import it.rete.cabina.support.CabinaTestNetwork;
import it.rete.cabina.support.CabinaTestNetwork.Response;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** Who may read the indicators and who may rebuild them; refusals are problems and change nothing. */
class AccessIT {

    static final CabinaTestNetwork network = CabinaTestNetwork.get();
    static final List<String> READS = List.of("/api/indicators", "/api/indicators/headline", "/api/filters",
            "/api/status", "/api/export/headline.csv", "/api/live");

    @Test
    void thePageIsPublicButHoldsNoDataAndEveryReadNeedsAKey() {
        Response page = network.get("/", null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"access-key\"").contains("cabina.js");
        assertThat(network.get("/cabina.js", null).status()).isEqualTo(200);
        assertThat(network.get("/actuator/health", null).status()).isEqualTo(200);

        for (String path : READS) {
            Response anonymous = network.get(path, null);
            assertThat(anonymous.status()).as(path).isEqualTo(401);
            assertThat(anonymous.contentType()).as(path).startsWith("application/problem+json");
            assertThat(anonymous.json().get("type").asString()).isEqualTo("urn:rete:problem:authentication-required");

            Response wrongKey = network.get(path, "not-a-key-of-this-cabina");
            assertThat(wrongKey.status()).as(path).isEqualTo(401);
            assertThat(wrongKey.json().get("type").asString()).isEqualTo("urn:rete:problem:invalid-credentials");
        }
    }

    @Test
    void aViewerReadsEverythingButCannotRebuild() {
        for (String path : READS.subList(0, READS.size() - 1)) { // the live stream never ends: checked below
            assertThat(network.get(path, network.keys().viewer()).status()).as(path).isEqualTo(200);
        }
        Response before = network.get("/api/status");
        long projected = projected();

        Response refused = network.post("/api/rebuild", network.keys().viewer());

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("type").asString()).isEqualTo("urn:rete:problem:forbidden");
        assertThat(network.get("/api/status").json().get("lastRebuildStartedAt"))
                .isEqualTo(before.json().get("lastRebuildStartedAt"));
        assertThat(projected()).isGreaterThanOrEqualTo(projected);
        assertThat(network.post("/api/rebuild", null).status()).isEqualTo(401);
    }

    @Test
    void monitoringReadsMetricsButNoIndicators() {
        String monitoring = network.keys().monitoring();
        assertThat(network.get("/actuator/metrics", monitoring).status()).isEqualTo(200);
        assertThat(network.get("/actuator/metrics", network.keys().viewer()).status()).isEqualTo(403);
        assertThat(network.get("/actuator/metrics", null).status()).isEqualTo(401);
        assertThat(network.get("/api/indicators", monitoring).status()).isEqualTo(403);
        assertThat(network.post("/api/rebuild", monitoring).status()).isEqualTo(403);
    }

    private static long projected() {
        Long count = network.bean(JdbcTemplate.class).queryForObject("select count(*) from processed_event",
                Long.class);
        return count == null ? 0 : count;
    }
}
