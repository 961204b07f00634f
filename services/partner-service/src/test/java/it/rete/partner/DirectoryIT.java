package it.rete.partner;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.function.Predicate;

import it.rete.partner.support.PartnerNode;
import it.rete.partner.support.Story;
import it.rete.partner.support.TestNetwork;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The network's service directory: a partner publishes its services (configured and described through the API),
 * every partner sees them with their current capacity, and a referral goes to an active directory service only.
 */
class DirectoryIT {

    private static final String CONFIGURED = TestNetwork.LULE + ".orientamento";

    private static PartnerNode prefettura;
    private static PartnerNode lule;

    @BeforeAll
    static void network() {
        TestNetwork network = TestNetwork.get();
        prefettura = network.partner(TestNetwork.PREFETTURA);
        lule = network.partner(TestNetwork.LULE);
    }

    @Test
    void aConfiguredServiceReachesEveryPartnerAndTheFiltersFindIt() {
        JsonNode seen = awaitService(prefettura, CONFIGURED, s -> true);
        assertThat(seen.get("organisationId").asString()).isEqualTo(TestNetwork.LULE);
        assertThat(seen.get("serviceType").asString()).isEqualTo("JOB_ORIENTATION");
        assertThat(seen.get("capacityMaximum").asInt()).isEqualTo(10);
        // the owner's view comes back from its own topic too
        awaitService(lule, CONFIGURED, s -> s.get("status").asString().equals("ACTIVE"));

        assertThat(ids(prefettura.get("/api/directory/services?serviceType=JOB_ORIENTATION&territory=mantova&language=pa")))
                .contains(CONFIGURED);
        assertThat(ids(prefettura.get("/api/directory/services?territory=Milano"))).doesNotContain(CONFIGURED);
        assertThat(ids(prefettura.get("/api/directory/services?serviceType=HOUSING"))).doesNotContain(CONFIGURED);
        assertThat(ids(prefettura.get("/api/directory/services?language=en"))).doesNotContain(CONFIGURED);
        assertThat(prefettura.get("/api/directory/services?status=OPEN").status()).isEqualTo(400);
    }

    @Test
    void aReferralToAnActiveServiceCarriesItAndCapacityChangesAreRepublished() {
        String serviceId = TestNetwork.LULE + ".casa-" + System.nanoTime() % 100000;
        var put = lule.send("PUT", "/api/directory/services/" + serviceId,
                java.net.http.HttpRequest.BodyPublishers.ofString("""
                        {"name": "Accoglienza notturna", "serviceType": "HOUSING", "territories": ["Mantova"],
                         "languages": ["it", "ar"], "status": "ACTIVE", "capacityAvailable": 2,
                         "capacityMaximum": 6, "schedule": "Lun-Dom 20-8"}"""),
                "Content-Type", "application/json");
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        awaitService(prefettura, serviceId, s -> s.get("capacityAvailable").asInt() == 2);

        String caseId = Story.openCase(prefettura);
        Story.consentTo(prefettura, caseId, TestNetwork.LULE);
        var sent = prefettura.post("/api/cases/" + caseId + "/referrals", """
                {"serviceId": "%s", "urgency": "EMERGENCY"}""".formatted(serviceId));
        assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
        assertThat(sent.json().get("toPartnerId").asString()).isEqualTo(TestNetwork.LULE);
        assertThat(sent.json().get("serviceType").asString()).isEqualTo("HOUSING");
        String referralId = sent.json().get("referralId").asString();
        JsonNode received = Story.awaitReferralState(lule, referralId, "REQUESTED");
        assertThat(received.get("serviceId").asString()).isEqualTo(serviceId);
        // HOUSING answered within 12 hours in an emergency (configured per service type), not the urgency's 1 day
        Duration window = Duration.between(java.time.Instant.parse(received.get("sentAt").asString()),
                java.time.Instant.parse(received.get("dueBy").asString()));
        // (the due-by date is taken a moment before the event's time)
        assertThat(window).isBetween(Duration.ofHours(12).minusSeconds(5), Duration.ofHours(12));

        var full = lule.post("/api/directory/services/" + serviceId + "/availability", """
                {"capacityAvailable": 0}""");
        assertThat(full.status()).as(full.toString()).isEqualTo(200);
        awaitService(prefettura, serviceId, s -> s.get("capacityAvailable").asInt() == 0);

        var closed = lule.post("/api/directory/services/" + serviceId + "/availability", """
                {"status": "TEMPORARILY_CLOSED"}""");
        assertThat(closed.status()).as(closed.toString()).isEqualTo(200);
        awaitService(prefettura, serviceId, s -> s.get("status").asString().equals("TEMPORARILY_CLOSED"));

        var refused = prefettura.post("/api/cases/" + caseId + "/referrals", """
                {"serviceId": "%s", "urgency": "ROUTINE"}""".formatted(serviceId));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
        assertThat(refused.json().get("type").asString()).isEqualTo("urn:rete:problem:service-not-active");
        assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("serviceId");
    }

    @Test
    void aReferralToAnUnknownServiceOrAnotherPartnersServiceIsRefusedAndNothingIsWritten() {
        String caseId = Story.openCase(prefettura);
        Story.consentTo(prefettura, caseId, TestNetwork.LULE);
        var unknown = prefettura.post("/api/cases/" + caseId + "/referrals", """
                {"serviceId": "lule-outreach.nessuno", "urgency": "ROUTINE"}""");
        assertThat(unknown.status()).as(unknown.toString()).isEqualTo(422);
        assertThat(unknown.json().get("type").asString()).isEqualTo("urn:rete:problem:unknown-service");

        awaitService(prefettura, CONFIGURED, s -> true);
        var mismatch = prefettura.post("/api/cases/" + caseId + "/referrals", """
                {"serviceId": "%s", "serviceType": "HOUSING", "urgency": "ROUTINE"}""".formatted(CONFIGURED));
        assertThat(mismatch.status()).as(mismatch.toString()).isEqualTo(422);
        var neither = prefettura.post("/api/cases/" + caseId + "/referrals", """
                {"urgency": "ROUTINE"}""");
        assertThat(neither.status()).as(neither.toString()).isEqualTo(400);
        assertThat(prefettura.get("/api/cases/" + caseId).json().get("referrals")).isEmpty();

        // a partner describes only its own services
        var foreign = prefettura.send("PUT", "/api/directory/services/" + CONFIGURED,
                java.net.http.HttpRequest.BodyPublishers.ofString("""
                        {"name": "Forged", "serviceType": "HOUSING", "status": "ACTIVE"}"""),
                "Content-Type", "application/json");
        assertThat(foreign.status()).as(foreign.toString()).isEqualTo(422);
        var inconsistent = lule.post("/api/directory/services/" + CONFIGURED + "/availability", """
                {"capacityAvailable": 11}""");
        assertThat(inconsistent.status()).as(inconsistent.toString()).isEqualTo(422);
        assertThat(lule.get("/api/directory/services/" + CONFIGURED).json().get("name").asString())
                .isEqualTo("Orientamento al lavoro");
    }

    private static JsonNode awaitService(PartnerNode partner, String serviceId, Predicate<JsonNode> condition) {
        return Awaitility.await().atMost(Story.PROPAGATION).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    var response = partner.get("/api/directory/services/" + serviceId);
                    return response.status() == 200 ? response.json() : null;
                }, service -> service != null && condition.test(service));
    }

    private static java.util.List<String> ids(PartnerNode.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().findValuesAsString("serviceId");
    }
}
