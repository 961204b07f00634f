package it.rete.partner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import it.rete.partner.support.LedgerChain;
import it.rete.partner.support.LedgerReader;
import it.rete.partner.support.PartnerNode;
import it.rete.partner.support.Story;
import it.rete.partner.support.TestNetwork;
import it.rete.plumbing.ledger.LedgerTopics;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Node.js example of docs/integrating.md (examples/nodejs-partner) as cpi-mantova, a partner that runs no Rete
 * partner service: it reads prefettura's referral from the ledger and accepts it on its own ledger; prefettura's
 * partner service applies the acceptance, and the Node partner's ledger is numbered and chained as auditors require.
 *
 * <p>Skipped when node and npm are absent, unless {@code RETE_NODE_TESTS=required} (as {@code .ci/run} sets).
 * {@code npm ci} runs only when {@code node_modules} is missing.
 */
class NodeJsPartnerIT {

    private static final Path EXAMPLE = Path.of("../../examples/nodejs-partner").toAbsolutePath().normalize();
    private static final String NODE_PARTNER = TestNetwork.CPI;

    @TempDir
    Path work;

    @BeforeAll
    static void nodeAndDependencies() throws Exception {
        if (!onPath("node") || !onPath("npm")) {
            String message = "The Node.js example needs node and npm (apt-get install -y nodejs npm)";
            if ("required".equals(System.getenv("RETE_NODE_TESTS"))) {
                throw new IllegalStateException(message + ", and RETE_NODE_TESTS=required");
            }
            Assumptions.abort(message + ": skipped");
        }
        if (!Files.isDirectory(EXAMPLE.resolve("node_modules"))) {
            Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(EXAMPLE.toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
            assertThat(npm.waitFor(10, TimeUnit.MINUTES)).as("npm ci finished").isTrue();
            assertThat(npm.exitValue()).as("npm ci exit code").isZero();
        }
    }

    @Test
    void theNodePartnerReadsAReferralAndItsAcceptanceIsAppliedByTheSender() throws Exception {
        TestNetwork network = TestNetwork.get();
        PartnerNode prefettura = network.partner(TestNetwork.PREFETTURA);
        Path output = work.resolve("node-partner.log");
        Process node = startNodePartner(network, output);
        try {
            Awaitility.await("the Node partner joins its group").atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> log(output).contains("READY " + NODE_PARTNER) || !node.isAlive());
            assertThat(node.isAlive()).as("node is running: %s", log(output)).isTrue();

            String caseId = Story.openCase(prefettura);
            Story.consentTo(prefettura, caseId, NODE_PARTNER);
            String referralId = Story.refer(prefettura, caseId, NODE_PARTNER);

            // the sender's partner service applied the Node partner's ReferralAccepted
            Story.awaitReferralState(prefettura, referralId, "ACCEPTED");
            String printed = log(output);
            assertThat(printed).contains("REFERRAL " + referralId + " from " + TestNetwork.PREFETTURA + ": case "
                    + caseId + ", JOB_ORIENTATION");
            assertThat(printed).contains("ACCEPTED " + referralId);

            // its ledger is what auditors verify: numbered from 1, each event chaining the previous
            String ledger = LedgerTopics.ledger(NODE_PARTNER);
            LedgerChain.assertWholeAndChained(network, ledger);
            var records = LedgerReader.readAll(network.adminConfig(), ledger);
            assertThat(records).isNotEmpty();
            var last = records.stream().filter(r -> caseId.equals(r.key())).findFirst().orElseThrow();
            assertThat(LedgerReader.header(last, "ce_type")).isEqualTo("it.rete.contracts.ReferralAccepted");
            assertThat(LedgerReader.header(last, "ce_source")).isEqualTo("/rete/partners/" + NODE_PARTNER);
            assertThat(LedgerReader.header(last, "ce_subject")).isEqualTo(caseId);
            assertThat(LedgerReader.header(last, "content-type")).isEqualTo("application/avro");
        } finally {
            node.destroy();
            if (!node.waitFor(20, TimeUnit.SECONDS)) {
                node.destroyForcibly();
            }
        }
    }

    private Process startNodePartner(TestNetwork network, Path output) throws IOException {
        Map<String, Object> identity = network.clientConfig(NODE_PARTNER);
        ProcessBuilder builder = new ProcessBuilder("node", "partner.js").directory(EXAMPLE.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        Map<String, String> env = builder.environment();
        env.put("RETE_PARTNER_ID", NODE_PARTNER);
        env.put("KAFKA_BOOTSTRAP_SERVERS", network.bootstrapServers());
        env.put("KAFKA_SSL_KEYSTORE_LOCATION", identity.get("ssl.keystore.location").toString());
        env.put("KAFKA_SSL_KEYSTORE_PASSWORD", identity.get("ssl.keystore.password").toString());
        env.put("SCHEMA_REGISTRY_URL", network.registryUrl());
        env.put("RETE_STATE_DIR", work.resolve("state").toString());
        return builder.start();
    }

    private static String log(Path output) throws IOException {
        return Files.exists(output) ? Files.readString(output) : "";
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        return path != null && List.of(path.split(File.pathSeparator)).stream()
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }
}
