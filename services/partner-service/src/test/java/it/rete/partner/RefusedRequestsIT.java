package it.rete.partner;

import static org.assertj.core.api.Assertions.assertThat;

import it.rete.contracts.CaseOpened;
import it.rete.partner.support.LocalEvents;
import it.rete.partner.support.PartnerNode;
import it.rete.partner.support.Story;
import it.rete.partner.support.TestNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Requests that break the lifecycle or the rules get a problem response, and nothing is written or published. */
class RefusedRequestsIT {

    private static PartnerNode prefettura;
    private static PartnerNode lule;

    @BeforeAll
    static void network() {
        TestNetwork network = TestNetwork.get();
        prefettura = network.partner(TestNetwork.PREFETTURA);
        lule = network.partner(TestNetwork.LULE);
    }

    @Test
    void illegalTransitionsAreRefusedWithAConflictAndProduceNoEvent() {
        String caseId = Story.openCase(prefettura);
        Story.consentTo(prefettura, caseId, TestNetwork.LULE);
        String referralId = Story.refer(prefettura, caseId, TestNetwork.LULE);
        Story.awaitReferralState(lule, referralId, "REQUESTED");
        long prefetturaEvents = LocalEvents.concerning(prefettura, caseId);
        long luleEvents = LocalEvents.concerning(lule, caseId);

        // the sender may not accept its own referral
        assertProblem(prefettura.post("/api/referrals/" + referralId + "/accept", ""), 409, "illegal-transition");
        // a requested referral cannot be completed, nor get a placement
        assertProblem(lule.post("/api/referrals/" + referralId + "/complete", """
                {"outcome": "SUCCESSFUL"}"""), 409, "illegal-transition");
        assertProblem(lule.post("/api/referrals/" + referralId + "/placements", """
                {"kind": "HOUSING", "startDate": "2026-12-01"}"""), 409, "illegal-transition");
        // the addressee may not withdraw it
        assertProblem(lule.post("/api/referrals/" + referralId + "/withdraw", "{}"), 409, "illegal-transition");
        // nor close a case it did not open
        assertProblem(lule.post("/api/cases/" + caseId + "/close", """
                {"reason": "GOALS_MET"}"""), 422, "not-case-owner");

        assertThat(LocalEvents.concerning(prefettura, caseId)).isEqualTo(prefetturaEvents);
        assertThat(LocalEvents.concerning(lule, caseId)).isEqualTo(luleEvents);
        assertThat(lule.get("/api/referrals/" + referralId).json().get("state").asString()).isEqualTo("REQUESTED");
    }

    @Test
    void aWithdrawnReferralCanNoLongerBeAccepted() {
        String caseId = Story.openCase(prefettura);
        Story.consentTo(prefettura, caseId, TestNetwork.LULE);
        String referralId = Story.refer(prefettura, caseId, TestNetwork.LULE);
        Story.awaitReferralState(lule, referralId, "REQUESTED");

        var withdrawn = prefettura.post("/api/referrals/" + referralId + "/withdraw", """
                {"reason": "person moved to another province"}""");
        assertThat(withdrawn.status()).as(withdrawn.toString()).isEqualTo(200);
        Story.awaitReferralState(lule, referralId, "WITHDRAWN");

        long luleEvents = LocalEvents.concerning(lule, caseId);
        assertProblem(lule.post("/api/referrals/" + referralId + "/accept", ""), 409, "illegal-transition");
        assertThat(LocalEvents.concerning(lule, caseId)).isEqualTo(luleEvents);
    }

    @Test
    void invalidInputIsRefusedWithAProblemAndNothingIsWritten() {
        String caseId = Story.openCase(prefettura);
        long events = LocalEvents.concerning(prefettura, caseId);
        long casesOpened = LocalEvents.ofType(prefettura, CaseOpened.class);
        long cases = count(prefettura, "case_file");

        assertProblem(prefettura.post("/api/cases", """
                {"territory": "Mantova", "sector": "MINING", "intakeChannel": "HELPLINE", "preferredLanguage": "ar"}"""),
                400, null);
        var missing = prefettura.post("/api/cases", """
                {"sector": "TEXTILE", "intakeChannel": "HELPLINE", "preferredLanguage": "ar"}""");
        assertProblem(missing, 400, "invalid-request");
        assertThat(missing.json().get("errors").findValuesAsString("field")).contains("territory");
        assertProblem(prefettura.post("/api/cases", "{not json"), 400, null);
        assertProblem(prefettura.post("/api/cases/not-a-uuid/consents", "{}"), 400, null);
        // a legal-basis override needs its reason
        assertProblem(prefettura.post("/api/cases/" + caseId + "/consents", """
                {"purposes": [], "allowedRecipients": [], "legalBasisOverride": "VITAL_INTEREST"}"""),
                400, "invalid-request");
        // no consent yet: no referral
        assertProblem(prefettura.post("/api/cases/" + caseId + "/referrals", """
                {"toPartnerId": "lule-outreach", "serviceType": "HOUSING", "urgency": "EMERGENCY"}"""),
                422, "no-consent");
        Story.consentTo(prefettura, caseId, TestNetwork.LULE);
        events = LocalEvents.concerning(prefettura, caseId);
        assertProblem(prefettura.post("/api/cases/" + caseId + "/referrals", """
                {"toPartnerId": "nobody-we-know", "serviceType": "HOUSING", "urgency": "ROUTINE"}"""),
                422, "unknown-partner");
        assertProblem(prefettura.post("/api/cases/" + caseId + "/referrals", """
                {"toPartnerId": "cpi-mantova", "serviceType": "HOUSING", "urgency": "ROUTINE"}"""),
                422, "no-consent");
        assertProblem(prefettura.post("/api/cases/" + caseId + "/referrals", """
                {"toPartnerId": "lule-outreach", "serviceType": "HOUSING", "urgency": "ROUTINE",
                 "dueBy": "2020-01-01T00:00:00Z"}"""), 422, "due-by-in-past");
        // a partner that never received the case does not know it
        assertProblem(lule.post("/api/cases/" + caseId + "/close", """
                {"reason": "GOALS_MET"}"""), 404, "not-found");
        assertProblem(prefettura.post("/api/cases/" + caseId + "/close", """
                {"reason": "OTHER"}"""), 400, "invalid-request");

        assertThat(LocalEvents.concerning(prefettura, caseId)).isEqualTo(events);
        assertThat(LocalEvents.ofType(prefettura, CaseOpened.class)).isEqualTo(casesOpened);
        assertThat(count(prefettura, "case_file")).isEqualTo(cases);
    }

    @Test
    void aCaseWithAReferralUnderWayCannotBeClosed() {
        String caseId = Story.openCase(prefettura);
        Story.consentTo(prefettura, caseId, TestNetwork.LULE);
        Story.refer(prefettura, caseId, TestNetwork.LULE);
        long events = LocalEvents.concerning(prefettura, caseId);

        assertProblem(prefettura.post("/api/cases/" + caseId + "/close", """
                {"reason": "LOST_CONTACT"}"""), 422, "open-referrals");
        assertThat(LocalEvents.concerning(prefettura, caseId)).isEqualTo(events);
        assertThat(prefettura.get("/api/cases/" + caseId).json().get("caseFile").get("status").asString())
                .isEqualTo("OPEN");
    }

    private static void assertProblem(PartnerNode.Response response, int status, String code) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        if (code != null) {
            assertThat(response.json().get("type").asString()).isEqualTo("urn:rete:problem:" + code);
        }
        assertThat(response.json().get("detail")).isNotNull();
    }

    private static long count(PartnerNode partner, String table) {
        return partner.bean(JdbcClient.class).sql("select count(*) from " + table).query(Long.class).single();
    }
}
