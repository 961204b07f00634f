package it.rete.partner.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.function.Predicate;

import org.awaitility.Awaitility;
import tools.jackson.databind.JsonNode;

/** Steps of the referral story that several tests share, spoken over each partner's REST API. */
public final class Story {

    public static final Duration PROPAGATION = Duration.ofSeconds(30);

    private Story() {
    }

    public static String openCase(PartnerNode partner) {
        var response = partner.post("/api/cases", """
                {"territory": "Castiglione delle Stiviere", "sector": "AGRICULTURE",
                 "intakeChannel": "OUTREACH_TEAM", "preferredLanguage": "pa",
                 "vulnerabilityFlags": ["WITHHELD_DOCUMENTS", "EMPLOYER_PROVIDED_HOUSING"]}""");
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json().get("caseId").asString();
    }

    public static void consentTo(PartnerNode partner, String caseId, String recipient) {
        var response = partner.post("/api/cases/" + caseId + "/consents", """
                {"purposes": ["REFERRAL", "SERVICE_PROVISION"], "allowedRecipients": ["%s"]}""".formatted(recipient));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
    }

    public static String refer(PartnerNode partner, String caseId, String to) {
        var response = partner.post("/api/cases/" + caseId + "/referrals", """
                {"toPartnerId": "%s", "serviceType": "JOB_ORIENTATION", "urgency": "PRIORITY"}""".formatted(to));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json().get("referralId").asString();
    }

    /** Waits until {@code partner} sees the referral in a state that satisfies {@code condition}. */
    public static JsonNode awaitReferral(PartnerNode partner, String referralId, Predicate<JsonNode> condition) {
        return Awaitility.await().atMost(PROPAGATION).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    var response = partner.get("/api/referrals/" + referralId);
                    return response.status() == 200 ? response.json() : null;
                }, referral -> referral != null && condition.test(referral));
    }

    public static JsonNode awaitReferralState(PartnerNode partner, String referralId, String state) {
        return awaitReferral(partner, referralId, r -> state.equals(r.get("state").asString()));
    }
}
