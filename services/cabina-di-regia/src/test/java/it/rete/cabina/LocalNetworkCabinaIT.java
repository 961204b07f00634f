package it.rete.cabina;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import it.rete.localnetwork.OperatorKeys;
import it.rete.localnetwork.Ports;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one-command local network as a user starts it (the launcher jar) brings up the cabina di regia next to a
 * partner service: a case opened at the partner reaches the dashboard's API through the partner's ledger, and
 * everything stops on SIGTERM.
 */
class LocalNetworkCabinaIT {

    @TempDir
    Path home;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void theLauncherStartsTheCabinaWhichFollowsThePartnersLedgers() throws Exception {
        int kafka = Ports.freePort();
        int registry = Ports.freePort(kafka);
        int partner = Ports.freePort(kafka, registry);
        int cabina = Ports.freePort(kafka, registry, partner);
        Path output = home.resolve("launcher.out");
        Process launcher = new ProcessBuilder(javaBin(), "-Xmx512m", "-jar",
                Path.of("../local-network/target/local-network.jar").toAbsolutePath().toString(),
                "--data-dir", home.resolve("state").toString(),
                "--kafka-port", String.valueOf(kafka), "--registry-port", String.valueOf(registry),
                "--partners", "prefettura-sui:" + partner,
                "--partner-jar", Path.of("../partner-service/target/partner-service.jar").toAbsolutePath().toString(),
                "--cabina-port", String.valueOf(cabina),
                "--cabina-jar", Path.of("target/cabina-di-regia.jar").toAbsolutePath().toString(),
                "--registry-jar", Path.of("../schema-registry/target/quarkus-app/quarkus-run.jar")
                        .toAbsolutePath().toString(),
                "--health-timeout", "240")
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        String base = "http://127.0.0.1:" + cabina;
        try {
            Awaitility.await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
                    .failFast("the launcher exited", () -> !launcher.isAlive())
                    .until(() -> read(output).contains("Rete local network is up"));
            assertThat(read(output)).contains("Cabina di regia         : " + base + "/");
            // the key the launcher made for the cabina at its first start, printed for the user
            String cabinaKey = Files.readString(OperatorKeys.keyFile(home.resolve("state"), "cabina-di-regia")).trim();
            assertThat(read(output)).contains("key " + cabinaKey);
            assertThat(get(base + "/api/indicators", null).statusCode()).isEqualTo(401);

            HttpResponse<String> opened = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + partner + "/api/cases"))
                    .header("Content-Type", "application/json")
                    // the operator key the launcher made for the partner at its first start
                    .header("Authorization", "Bearer " + Files.readString(
                            OperatorKeys.keyFile(home.resolve("state"), "prefettura-sui")).trim())
                    .POST(HttpRequest.BodyPublishers.ofString("""
                            {"territory": "Sermide", "sector": "AGRICULTURE", "intakeChannel": "HELPLINE",
                             "preferredLanguage": "ur", "vulnerabilityFlags": []}""")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);

            Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> JsonMapper.builder().build().readTree(get(base + "/api/status", cabinaKey).body())
                            .get("eventsProjected").asLong() >= 1);
            HttpResponse<String> indicators = get(base + "/api/indicators?partner=prefettura-sui", cabinaKey);
            assertThat(indicators.statusCode()).isEqualTo(200);
            assertThat(JsonMapper.builder().build().readTree(indicators.body()).get("tables").get("cases-by-territory")
                    .get("rows").get(0).get("territory").asString()).isEqualTo("Sermide");
            assertThat(get(base + "/", null).body()).contains("cabina.js");
            assertThat(get(base + "/api/export/cases-by-territory.csv", cabinaKey).body())
                    .startsWith("territory,casesOpened,casesClosed,casesOpen\r\nSermide,<5,<5,<5");
        } finally {
            launcher.destroy(); // SIGTERM, as Ctrl-C
            assertThat(launcher.waitFor(90, TimeUnit.SECONDS)).as(read(output)).isTrue();
        }
        assertThat(read(output)).contains("Stopping partners and the cabina-di-regia", "Stopped.");
        for (int port : List.of(kafka, registry, partner, cabina)) {
            assertThat(Ports.inUse(port)).as("port %d still in use", port).isFalse();
        }
    }

    private HttpResponse<String> get(String url, String key) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
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
