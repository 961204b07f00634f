package it.rete.cabina;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import it.rete.cabina.indicators.Filters;
import it.rete.cabina.indicators.IndicatorQueries;
import it.rete.cabina.indicators.Table;
import it.rete.cabina.support.CabinaTestNetwork;
import it.rete.cabina.support.Events;
import it.rete.cabina.support.Events.LedgerEvent;
import it.rete.contracts.IntakeChannel;
import it.rete.contracts.Sector;
import it.rete.contracts.ServiceDirectoryEntry;
import it.rete.contracts.ServiceStatus;
import it.rete.contracts.ServiceType;
import it.rete.plumbing.ledger.LedgerTopics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Overdue and expired referrals in the stuck list and the funnel (contract version 3), and the cabina's own view of
 * the service directory.
 */
class DeadlinesAndDirectoryIT {

    static final CabinaTestNetwork network = CabinaTestNetwork.get();

    @Test
    void overdueAndExpiredReferralsAreInTheStuckListAndTheFunnel() {
        String owner = "dl-prefettura";
        String ngo = "dl-ngo";
        Events events = new Events();
        Instant sent = Instant.parse("2025-05-01T08:00:00Z");
        Instant dueBy = sent.plus(Duration.ofDays(3));
        List<LedgerEvent> history = new ArrayList<>();
        List<UUID> referrals = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            String caseId = "dl-case-" + i + "-" + UUID.randomUUID();
            UUID referral = UUID.randomUUID();
            referrals.add(referral);
            history.add(events.caseOpened(owner, caseId, sent.minusSeconds(60), "Mantova", Sector.AGRICULTURE,
                    IntakeChannel.OUTREACH_TEAM));
            history.add(events.referralSent(owner, caseId, referral, ngo, ServiceType.HOUSING, sent.plusSeconds(i),
                    dueBy.plusSeconds(i)));
            if (i <= 2) { // r1 and r2 reported overdue, r1 expired as well; r3 accepted late but in time
                history.add(events.overdue(ngo, caseId, referral, owner, dueBy.plusSeconds(i), dueBy.plusSeconds(60)));
            }
            if (i == 1) {
                history.add(events.expired(ngo, caseId, referral, owner, dueBy.plusSeconds(i),
                        dueBy.plusSeconds(i).plus(Duration.ofDays(7))));
            }
            if (i == 3) {
                history.add(events.accepted(ngo, caseId, referral, owner, dueBy.minusSeconds(60)));
            }
        }
        network.ledgers().publish(history);
        network.awaitProcessed(4, ngo);

        Table funnel = Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> raw("referrals-by-partner", owner), t -> !t.rows().isEmpty()
                        && Long.valueOf(3).equals(t.rows().get(0).get("sent")));
        Map<String, Object> row = funnel.rows().get(0);
        assertThat(row).containsEntry("partner", ngo).containsEntry("sent", 3L).containsEntry("accepted", 1L)
                .containsEntry("pending", 1L).containsEntry("reportedOverdue", 2L).containsEntry("expired", 1L);
        assertThat(raw("headline", owner).rows().get(0)).containsEntry("referralsExpired", 1L)
                .containsEntry("referralsPending", 1L).containsEntry("referralsOverdue", 1L);

        List<Map<String, Object>> stuck = raw("stuck-referrals", owner).rows();
        assertThat(stuck).extracting(r -> r.get("referralId"))
                .containsExactly(referrals.get(0).toString(), referrals.get(1).toString());
        assertThat(stuck).extracting(r -> r.get("state")).containsExactly("EXPIRED", "REQUESTED");
        // an expired referral stops counting days at its expiry
        assertThat(stuck.get(0).get("daysOverdue")).isEqualTo(7L);
        JsonNode shown = network.get("/api/indicators/stuck-referrals?partner=" + owner).json();
        assertThat(shown.get("rows").get(0).get("state").asString()).isEqualTo("EXPIRED");
    }

    @Test
    void theCabinaKeepsItsOwnViewOfEveryPartnersServices() throws Exception {
        String partner = "dir-ngo";
        String topic = LedgerTopics.serviceDirectory(partner);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                network.bootstrapServers()))) {
            admin.createTopics(List.of(LedgerTopics.serviceDirectoryTopic(partner, (short) 1))).all().get();
        }
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, network.bootstrapServers(),
                "schema.registry.url", network.registryUrl(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, "org.apache.kafka.common.serialization.StringSerializer",
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, "it.rete.plumbing.serde.AvroSerializer",
                "value.subject.name.strategy", "io.confluent.kafka.serializers.subject.RecordNameStrategy",
                "auto.register.schemas", "true");
        try (var producer = new KafkaProducer<String, Object>(config)) {
            producer.send(new ProducerRecord<>(topic, partner + ".casa", entry(partner + ".casa", partner, 5,
                    Instant.parse("2026-11-01T00:00:00Z")))).get();
            producer.send(new ProducerRecord<>(topic, partner + ".casa", entry(partner + ".casa", partner, 2,
                    Instant.parse("2026-11-02T00:00:00Z")))).get();
            // an entry claiming another partner on this partner's topic is left out
            producer.send(new ProducerRecord<>(topic, "other.casa", entry("other.casa", "other", 9,
                    Instant.parse("2026-11-02T00:00:00Z")))).get();
        }
        JsonNode services = Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> network.get("/api/directory").json(), list -> list.findValuesAsString("serviceId")
                        .contains(partner + ".casa") && capacityOf(list, partner + ".casa") == 2);
        assertThat(services.findValuesAsString("serviceId")).doesNotContain("other.casa");
    }

    private static int capacityOf(JsonNode services, String serviceId) {
        for (JsonNode service : services) {
            if (serviceId.equals(service.get("serviceId").asString())) {
                return service.get("capacityAvailable").asInt();
            }
        }
        return -1;
    }

    private static ServiceDirectoryEntry entry(String serviceId, String organisation, int available, Instant at) {
        return ServiceDirectoryEntry.newBuilder().setServiceId(serviceId).setOrganisationId(organisation)
                .setName("Accoglienza").setServiceType(ServiceType.HOUSING).setTerritories(List.of("Mantova"))
                .setLanguages(List.of("it")).setStatus(ServiceStatus.ACTIVE).setCapacityAvailable(available)
                .setCapacityMaximum(10).setUpdatedAt(at).build();
    }

    private static Table raw(String table, String partner) {
        return network.bean(IndicatorQueries.class).table(table, Filters.parse(Map.of("partner", partner)));
    }
}
