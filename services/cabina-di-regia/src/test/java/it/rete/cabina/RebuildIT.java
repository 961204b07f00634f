package it.rete.cabina;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import it.rete.cabina.indicators.Filters;
import it.rete.cabina.indicators.IndicatorQueries;
import it.rete.cabina.support.CabinaTestNetwork;
import it.rete.cabina.support.KnownHistory;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** A rebuild from the ledgers' beginning gives exactly the indicators the service had computed live. */
class RebuildIT {

    static final CabinaTestNetwork network = CabinaTestNetwork.get();

    @Test
    void rebuiltIndicatorsEqualTheLiveOnes() {
        KnownHistory history = new KnownHistory("rb");
        network.ledgers().publish(history.ownerEvents);
        network.ledgers().publish(history.addresseeEvents);
        network.awaitProcessed(KnownHistory.OWNER_EVENTS + KnownHistory.NGO_EVENTS + KnownHistory.CPI_EVENTS,
                history.owner, history.ngo, history.cpi);
        awaitCaughtUp();

        long projected = processedEvents();
        JsonNode live = network.get("/api/indicators").json().get("tables");
        var liveRaw = network.bean(IndicatorQueries.class).all(Filters.none());
        JsonNode liveOwner = network.get("/api/indicators?partner=" + history.owner).json().get("tables");

        var before = network.bean(JdbcTemplate.class).queryForObject("select clock_timestamp()",
                java.sql.Timestamp.class);
        CabinaTestNetwork.Response rebuild = network.post("/api/rebuild");
        assertThat(rebuild.status()).isEqualTo(202);
        assertThat(rebuild.json().get("consuming").asBoolean()).isTrue();
        assertThat(rebuild.json().get("lastRebuildStartedAt").isNull()).isFalse();

        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> processedEvents() == projected);
        awaitCaughtUp();
        // it really started from an empty store: every event was projected again after the rebuild began
        assertThat(network.bean(JdbcTemplate.class).queryForObject(
                "select count(*) from processed_event where processed_at < ?", Long.class, before)).isZero();

        assertThat(network.get("/api/indicators").json().get("tables")).isEqualTo(live);
        assertThat(network.get("/api/indicators?partner=" + history.owner).json().get("tables"))
                .isEqualTo(liveOwner);
        assertThat(network.bean(IndicatorQueries.class).all(Filters.none())).isEqualTo(liveRaw);
    }

    private static long processedEvents() {
        Long count = network.bean(JdbcTemplate.class).queryForObject("select count(*) from processed_event",
                Long.class);
        return count == null ? 0 : count;
    }

    private static void awaitCaughtUp() {
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300))
                .until(() -> network.get("/api/status").json().get("recordsBehind").asLong(-1) == 0);
    }
}
