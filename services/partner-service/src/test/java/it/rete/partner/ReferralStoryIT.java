package it.rete.partner;

import static it.rete.partner.support.Story.awaitReferralState;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import it.rete.partner.support.PartnerNode;
import it.rete.partner.support.Story;
import it.rete.partner.support.TestNetwork;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The whole referral story between two partner services that share nothing but the broker and the registry. */
class ReferralStoryIT {

    private static PartnerNode prefettura;
    private static PartnerNode lule;

    @BeforeAll
    static void network() {
        TestNetwork network = TestNetwork.get();
        prefettura = network.partner(TestNetwork.PREFETTURA);
        lule = network.partner(TestNetwork.LULE);
    }

    @Test
    void aCaseIsReferredAcceptedPlacedCompletedAndClosedAndBothPartnersSeeTheSameState() {
        String caseId = Story.openCase(prefettura);
        Story.consentTo(prefettura, caseId, TestNetwork.LULE);
        String referralId = Story.refer(prefettura, caseId, TestNetwork.LULE);

        // the addressee finds it in its inbox
        awaitReferralState(lule, referralId, "REQUESTED");
        JsonNode inbox = lule.get("/api/referrals/inbox").json();
        assertThat(inbox.findValuesAsString("referralId")).contains(referralId);

        var accepted = lule.post("/api/referrals/" + referralId + "/accept", "");
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
        awaitReferralState(prefettura, referralId, "ACCEPTED");

        var placed = lule.post("/api/referrals/" + referralId + "/placements", """
                {"kind": "REGULAR_EMPLOYMENT", "contractType": "SEASONAL", "startDate": "2026-12-01"}""");
        assertThat(placed.status()).as(placed.toString()).isEqualTo(201);
        awaitReferralState(prefettura, referralId, "IN_PROGRESS");

        var completed = lule.post("/api/referrals/" + referralId + "/complete", """
                {"outcome": "SUCCESSFUL"}""");
        assertThat(completed.status()).as(completed.toString()).isEqualTo(200);
        awaitReferralState(prefettura, referralId, "COMPLETED");

        var closed = prefettura.post("/api/cases/" + caseId + "/close", """
                {"reason": "GOALS_MET"}""");
        assertThat(closed.status()).as(closed.toString()).isEqualTo(200);
        JsonNode atLule = Awaitility.await().atMost(Story.PROPAGATION).pollInterval(Duration.ofMillis(100))
                .until(() -> lule.get("/api/cases/" + caseId).json(),
                        view -> "CLOSED".equals(view.get("caseFile").get("status").asString()));
        JsonNode atPrefettura = prefettura.get("/api/cases/" + caseId).json();

        for (JsonNode view : new JsonNode[] {atPrefettura, atLule}) {
            assertThat(view.get("caseFile").get("status").asString()).isEqualTo("CLOSED");
            assertThat(view.get("caseFile").get("ownerPartnerId").asString()).isEqualTo(TestNetwork.PREFETTURA);
            assertThat(view.get("caseFile").get("closureReason").asString()).isEqualTo("GOALS_MET");
            assertThat(view.get("referrals")).hasSize(1);
            JsonNode referral = view.get("referrals").get(0);
            assertThat(referral.get("state").asString()).isEqualTo("COMPLETED");
            assertThat(referral.get("outcome").asString()).isEqualTo("SUCCESSFUL");
            assertThat(view.get("placements")).hasSize(1);
            JsonNode placement = view.get("placements").get(0);
            assertThat(placement.get("kind").asString()).isEqualTo("REGULAR_EMPLOYMENT");
            assertThat(placement.get("contractType").asString()).isEqualTo("SEASONAL");
            assertThat(placement.get("startDate").asString()).isEqualTo("2026-12-01");
        }
        assertThat(atLule.get("referrals").get(0).get("lastEventId"))
                .isEqualTo(atPrefettura.get("referrals").get(0).get("lastEventId"));
        assertThat(atPrefettura.get("placements").get(0).get("placementId"))
                .isEqualTo(atLule.get("placements").get(0).get("placementId"));

        assertThat(atPrefettura.get("timeline").findValuesAsString("eventType")).containsExactly(
                "CaseOpened", "ConsentRecorded", "ReferralSent", "ReferralAccepted", "PlacementMade",
                "ReferralCompleted", "CaseClosed");
        assertThat(atLule.get("timeline").findValuesAsString("eventType")).containsExactly(
                "ReferralSent", "ReferralAccepted", "PlacementMade", "ReferralCompleted", "CaseClosed");
        // what only the case owner knows does not travel
        assertThat(atLule.get("caseFile").get("territory")).isNull();
    }
}
