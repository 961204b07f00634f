package it.rete.partner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import it.rete.partner.support.ApiClientKeys;
import it.rete.partner.support.PartnerNode;
import it.rete.partner.support.Story;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * docker-compose.yml as a user runs it: the images it pulls, the services built from this repository's Dockerfiles,
 * the secured broker with its credentials and ACLs, each partner with its own PostgreSQL. Starts the broker, the
 * registry and two partners (with their jobs and databases), and plays the referral story between them.
 *
 * <p>Needs a Docker engine with Compose 2.24+ and the jars built ({@code mvn package}); without an engine
 * Testcontainers reports the test as skipped ("Docker is not available"), it never passes silently.
 */
@Testcontainers(disabledWithoutDocker = true)
class DockerComposeIT {

    private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
    private static final String PREFETTURA = "prefettura-sui";
    private static final String LULE = "lule-outreach";
    private static final Map<String, String> OPERATOR_KEYS = new LinkedHashMap<>();

    static {
        for (String partner : List.of(PREFETTURA, LULE, "cpi-mantova")) {
            OPERATOR_KEYS.put(partner, ApiClientKeys.newKey());
        }
    }

    @Container
    static final ComposeContainer COMPOSE = new ComposeContainer(ROOT.resolve("docker-compose.yml").toFile(),
            new File(DockerComposeIT.class.getResource("/compose/test-ports.yml").getFile()))
            .withServices("network-credentials", "kafka", "network-admin", "schema-registry", "schema-registry-db",
                    "schema-registry-init", PREFETTURA, PREFETTURA + "-db", LULE, LULE + "-db")
            .withEnv(keyHashes())
            .withBuild(true)
            .withRemoveVolumes(true)
            .withExposedService(PREFETTURA, 8080, Wait.forHealthcheck().withStartupTimeout(Duration.ofMinutes(10)))
            .withExposedService(LULE, 8080, Wait.forHealthcheck().withStartupTimeout(Duration.ofMinutes(10)));

    @Test
    void theReferralStoryRunsBetweenTwoPartnersInContainers() {
        PartnerNode prefettura = partner(PREFETTURA);
        PartnerNode lule = partner(LULE);
        assertThat(prefettura.withoutCredentials().get("/actuator/health").json().get("status").asString())
                .isEqualTo("UP");

        String caseId = Story.openCase(prefettura);
        Story.consentTo(prefettura, caseId, LULE);
        String referralId = Story.refer(prefettura, caseId, LULE);
        Story.awaitReferralState(lule, referralId, "REQUESTED");
        assertThat(lule.post("/api/referrals/" + referralId + "/accept", "").status()).isEqualTo(200);
        Story.awaitReferralState(prefettura, referralId, "ACCEPTED");
    }

    private static PartnerNode partner(String partner) {
        String host = COMPOSE.getServiceHost(partner, 8080);
        int port = COMPOSE.getServicePort(partner, 8080);
        return PartnerNode.remote(partner, URI.create("http://" + host + ":" + port), OPERATOR_KEYS.get(partner));
    }

    /** The operator key hashes docker-compose.yml requires, as a user puts them in .env. */
    private static Map<String, String> keyHashes() {
        Map<String, String> env = new LinkedHashMap<>();
        OPERATOR_KEYS.forEach((partner, key) -> env.put(
                partner.toUpperCase().replace('-', '_') + "_OPERATOR_KEY_SHA256", sha256(key)));
        return env;
    }

    private static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
