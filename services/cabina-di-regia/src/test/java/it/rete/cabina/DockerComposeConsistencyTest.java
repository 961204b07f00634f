package it.rete.cabina;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** docker-compose.yml cannot run here; this keeps its cabina di regia in step with what the service reads. */
class DockerComposeConsistencyTest {

    private static final Path COMPOSE = Path.of("../../docker-compose.yml");
    private static final Path CONFIG = Path.of("src/main/resources/application.yml");
    private static final String SERVICE = "cabina-di-regia";

    @Test
    @SuppressWarnings("unchecked")
    void theCabinaServiceIsConfiguredWithVariablesTheServiceReadsAndHasItsOwnDatabase() throws IOException {
        Map<String, Object> services = (Map<String, Object>) ((Map<String, Object>) new Yaml()
                .load(Files.readString(COMPOSE))).get("services");
        String config = Files.readString(CONFIG);
        var service = (Map<String, Object>) services.get(SERVICE);
        assertThat(service).as("docker-compose service %s", SERVICE).isNotNull();
        assertThat(service.get("build")).isEqualTo("services/cabina-di-regia");
        assertThat(Path.of("Dockerfile")).exists();

        var env = (Map<String, Object>) service.get("environment");
        for (String variable : env.keySet()) {
            // Spring's own properties by relaxed binding (the datasource, the config tree of the service's secrets)
            if (!variable.startsWith("SPRING_DATASOURCE_") && !variable.equals("SPRING_CONFIG_IMPORT")) {
                assertThat(config).as("application.yml reads %s", variable).contains("${" + variable + ":");
            }
        }
        // the broker identity's passwords are files of that config tree, never values in the compose file
        List<String> fromSecrets = List.of("KAFKA_SSL_KEYSTORE_PASSWORD", "KAFKA_SSL_TRUSTSTORE_PASSWORD");
        assertThat(String.valueOf(env.get("SPRING_CONFIG_IMPORT"))).startsWith("optional:configtree:/run/secrets/rete/");
        assertThat(service.get("volumes").toString()).contains("./.compose-secrets/" + SERVICE + ":/run/secrets/rete");
        assertThat(env).doesNotContainKeys(fromSecrets.toArray(String[]::new));
        // every variable application.yml reads that a deployment must set is set
        Matcher read = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*):").matcher(config);
        while (read.find()) {
            if (!List.of("PORT", "RETE_DATA_DIR").contains(read.group(1)) // set by the Dockerfile
                    && !fromSecrets.contains(read.group(1))) {
                assertThat(env).as("compose sets %s", read.group(1)).containsKey(read.group(1));
            }
        }

        // the operator key's hash is required from the deployment, never a value in the compose file
        assertThat(env.get("RETE_OPERATOR_KEY_SHA256").toString())
                .startsWith("${CABINA_DI_REGIA_OPERATOR_KEY_SHA256:?");

        // its own database, shared with no one
        assertThat(env.get("SPRING_DATASOURCE_URL").toString()).contains("//" + SERVICE + "-db:");
        assertThat(services).containsKey(SERVICE + "-db");
        assertThat((Map<String, Object>) service.get("depends_on")).containsKeys(SERVICE + "-db", "kafka");
        services.forEach((name, other) -> {
            if (!name.equals(SERVICE) && other instanceof Map<?, ?> o && o.get("environment") instanceof Map<?, ?> e
                    && e.get("SPRING_DATASOURCE_URL") != null) {
                assertThat(e.get("SPRING_DATASOURCE_URL").toString()).as(name).doesNotContain(SERVICE + "-db");
            }
        });
        // a partner service's ledger is never written by the cabina: it has no outbox topic
        assertThat(config).doesNotContain("outbox");
    }
}
