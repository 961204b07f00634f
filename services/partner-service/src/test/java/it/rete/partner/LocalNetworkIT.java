package it.rete.partner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import it.rete.localnetwork.Ports;
import it.rete.partner.support.PartnerNode;
import it.rete.partner.support.Story;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The network as a user starts it: the launcher jar, a broker, the registry and three partner services, each its
 * own process with its own PostgreSQL. A referral travels between two of them while the third stays out of it.
 */
class LocalNetworkIT {

    @TempDir
    Path home;

    @Test
    void threePartnerProcessesRunTheReferralStoryAndStopCleanly() throws Exception {
        int kafka = Ports.freePort();
        int registry = Ports.freePort(kafka);
        List<Integer> ports = new ArrayList<>(List.of(kafka, registry));
        for (int i = 0; i < 3; i++) {
            ports.add(Ports.freePort(ports.stream().mapToInt(Integer::intValue).toArray()));
        }
        Path output = home.resolve("launcher.out");
        Process launcher = new ProcessBuilder(javaBin(), "-Xmx512m", "-jar",
                Path.of("../local-network/target/local-network.jar").toAbsolutePath().toString(),
                "--data-dir", home.resolve("state").toString(),
                "--kafka-port", String.valueOf(kafka), "--registry-port", String.valueOf(registry),
                "--partners", "prefettura-sui:" + ports.get(2) + ",lule-outreach:" + ports.get(3)
                        + ",cpi-mantova:" + ports.get(4),
                "--partner-jar", Path.of("target/partner-service.jar").toAbsolutePath().toString(),
                "--registry-jar", Path.of("../schema-registry/target/quarkus-app/quarkus-run.jar")
                        .toAbsolutePath().toString(),
                "--health-timeout", "240",
                "--no-cabina") // built after this module; the cabina's own LocalNetworkCabinaIT starts it
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            Awaitility.await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
                    .failFast("the launcher exited", () -> !launcher.isAlive())
                    .until(() -> read(output).contains("Rete local network is up"));
            PartnerNode prefettura = remote("prefettura-sui", ports.get(2));
            PartnerNode lule = remote("lule-outreach", ports.get(3));
            PartnerNode cpi = remote("cpi-mantova", ports.get(4));
            // each partner has its own generated operator key, printed with its URL; another partner's is refused
            assertThat(read(output)).contains(operatorKey("cpi-mantova"));
            assertThat(prefettura.withKey(operatorKey("cpi-mantova")).get("/api/referrals/outbox").status())
                    .isEqualTo(401);
            assertThat(prefettura.withoutCredentials().get("/api/referrals/outbox").status()).isEqualTo(401);

            String caseId = Story.openCase(prefettura);
            Story.consentTo(prefettura, caseId, "cpi-mantova");
            String referralId = Story.refer(prefettura, caseId, "cpi-mantova");
            Story.awaitReferralState(cpi, referralId, "REQUESTED");
            assertThat(cpi.post("/api/referrals/" + referralId + "/accept", "").status()).isEqualTo(200);
            assertThat(cpi.post("/api/referrals/" + referralId + "/placements", """
                    {"kind": "TRAINING_COURSE", "startDate": "2027-01-11"}""").status()).isEqualTo(201);
            assertThat(cpi.post("/api/referrals/" + referralId + "/complete", """
                    {"outcome": "SUCCESSFUL"}""").status()).isEqualTo(200);
            Story.awaitReferralState(prefettura, referralId, "COMPLETED");
            assertThat(prefettura.post("/api/cases/" + caseId + "/close", """
                    {"reason": "GOALS_MET"}""").status()).isEqualTo(200);
            Awaitility.await().atMost(Story.PROPAGATION)
                    .until(() -> cpi.get("/api/cases/" + caseId).json().get("caseFile").get("status").asString(),
                            "CLOSED"::equals);
            assertThat(cpi.get("/api/cases/" + caseId).json().get("placements").get(0).get("kind").asString())
                    .isEqualTo("TRAINING_COURSE");
            // the partner that was not involved knows nothing of the case
            assertThat(lule.get("/api/cases/" + caseId).status()).isEqualTo(404);
        } finally {
            launcher.destroy();   // SIGTERM, as Ctrl-C: partners, then registry, then broker
            assertThat(launcher.waitFor(90, TimeUnit.SECONDS)).as(read(output)).isTrue();
        }
        assertThat(read(output)).contains("Stopping partners", "Stopping the schema registry", "Stopping Kafka",
                "Stopped.");
        for (int port : ports) {
            assertThat(Ports.inUse(port)).as("port %d still in use", port).isFalse();
        }
    }

    private PartnerNode remote(String partnerId, int port) {
        return PartnerNode.remote(partnerId, URI.create("http://127.0.0.1:" + port), operatorKey(partnerId));
    }

    private String operatorKey(String partnerId) {
        try {
            return Files.readString(home.resolve("state").resolve(partnerId).resolve("operator.key")).strip();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
