package it.rete.partner;

import static it.rete.partner.support.Story.awaitReferralState;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import it.rete.partner.support.LedgerReader;
import it.rete.partner.support.PartnerNode;
import it.rete.partner.support.Story;
import it.rete.partner.support.TestNetwork;
import it.rete.plumbing.ledger.LedgerTopics;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import tools.jackson.databind.JsonNode;

/**
 * A withdrawal and the addressee's answer that cross on the network: the addressee reads the withdrawal only after
 * it answered (its inbox is paused meanwhile). The answer stands at both partners, nothing is dead-lettered, and
 * each timeline says what crossed.
 */
class CrossingAnswersIT {

    private static PartnerNode prefettura;
    private static PartnerNode lule;

    @BeforeAll
    static void network() {
        TestNetwork network = TestNetwork.get();
        prefettura = network.partner(TestNetwork.PREFETTURA);
        lule = network.partner(TestNetwork.LULE);
    }

    @Test
    void anAcceptanceAndPlacementThatCrossAWithdrawalStandAtBothPartners() throws Exception {
        String caseId = Story.openCase(prefettura);
        Story.consentTo(prefettura, caseId, TestNetwork.LULE);
        String referralId = Story.refer(prefettura, caseId, TestNetwork.LULE);
        awaitReferralState(lule, referralId, "REQUESTED");

        MessageListenerContainer luleInbox = lule.bean(KafkaListenerEndpointRegistry.class)
                .getListenerContainer("ledgers");
        luleInbox.pause();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(luleInbox::isContainerPaused);
            // a fetch sent before the pause is answered within fetch.max.wait.ms (500 ms)
            Thread.sleep(1_500);
            var withdrawn = prefettura.post("/api/referrals/" + referralId + "/withdraw", """
                    {"reason": "person moved to another province"}""");
            assertThat(withdrawn.status()).as(withdrawn.toString()).isEqualTo(200);
            // nothing under way any more, as the sender sees it: it may close the case
            var closed = prefettura.post("/api/cases/" + caseId + "/close", """
                    {"reason": "TRANSFERRED_OUT_OF_AREA"}""");
            assertThat(closed.status()).as(closed.toString()).isEqualTo(200);

            assertThat(lule.post("/api/referrals/" + referralId + "/accept", "").status()).isEqualTo(200);
            var placed = lule.post("/api/referrals/" + referralId + "/placements", """
                    {"kind": "HOUSING", "startDate": "2027-01-11"}""");
            assertThat(placed.status()).as(placed.toString()).isEqualTo(201);
        } finally {
            luleInbox.resume();
        }

        JsonNode atSender = awaitReferralState(prefettura, referralId, "IN_PROGRESS");
        assertThat(atSender.get("withdrawReason").asString()).isEqualTo("person moved to another province");
        Awaitility.await().atMost(Story.PROPAGATION).until(
                () -> lule.get("/api/cases/" + caseId).json().get("caseFile").get("status").asString(),
                "CLOSED"::equals);
        JsonNode atAddressee = lule.get("/api/referrals/" + referralId).json();
        assertThat(atAddressee.get("state").asString()).isEqualTo("IN_PROGRESS");
        assertThat(atAddressee.get("withdrawReason").asString()).isEqualTo("person moved to another province");
        assertThat(atAddressee.has("unansweredEventIds")).as("lifecycle bookkeeping stays out of the API").isFalse();

        assertThat(summaries(prefettura, caseId)).anySatisfy(summary -> assertThat(summary)
                .startsWith("Referral " + referralId + " accepted").contains("the answer stands"));
        assertThat(summaries(lule, caseId)).anySatisfy(summary -> assertThat(summary)
                .startsWith("Referral " + referralId + " withdrawn").contains("crossed this partner's answer"));
        // both partners applied every event of the case: none went to a dead-letter topic
        for (String partner : List.of(TestNetwork.PREFETTURA, TestNetwork.LULE)) {
            assertThat(LedgerReader.readAll(TestNetwork.get().adminConfig(), LedgerTopics.deadLetter(partner))
                    .stream().filter(record -> caseId.equals(record.key())).toList()).as(partner).isEmpty();
        }
    }

    private static List<String> summaries(PartnerNode partner, String caseId) {
        return partner.get("/api/cases/" + caseId).json().get("timeline").findValuesAsString("summary");
    }
}
