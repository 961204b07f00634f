package it.rete.cabina;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import it.rete.cabina.indicators.Filters;
import it.rete.cabina.indicators.IndicatorQueries;
import it.rete.cabina.support.CabinaTestNetwork;
import it.rete.cabina.support.Events;
import it.rete.contracts.IntakeChannel;
import it.rete.contracts.Sector;
import org.junit.jupiter.api.Test;

/** A partner that joins the network while the cabina runs is followed without a restart or a code change. */
class NewPartnerIT {

    @Test
    void theLedgerOfAPartnerThatJoinsLaterIsPickedUp() {
        CabinaTestNetwork network = CabinaTestNetwork.get();
        network.ledgers().createLedgers(List.of("np-warmup")); // make sure the service is running before joining
        String newcomer = "np-" + UUID.randomUUID().toString().substring(0, 8);

        network.ledgers().publish(List.of(new Events().caseOpened(newcomer, "np-case-" + UUID.randomUUID(),
                Instant.parse("2025-09-01T08:00:00Z"), "Sermide", Sector.FOOD_PROCESSING,
                IntakeChannel.LABOUR_INSPECTION)));
        network.awaitProcessed(1, newcomer);

        var headline = network.bean(IndicatorQueries.class).headline(Filters.parse(Map.of("partner", newcomer)));
        assertThat(headline.rows().get(0)).containsEntry("casesOpened", 1L);
        assertThat(network.get("/api/filters").json().get("partner").toString()).contains(newcomer);
    }
}
