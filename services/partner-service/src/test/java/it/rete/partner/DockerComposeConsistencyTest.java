package it.rete.partner;

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

/** docker-compose.yml cannot run here; this keeps it in step with the configuration the code really reads. */
class DockerComposeConsistencyTest {

    private static final Path COMPOSE = Path.of("../../docker-compose.yml");
    private static final Path CONFIG = Path.of("src/main/resources/application.yml");

    @Test
    @SuppressWarnings("unchecked")
    void theBrokerIsSecuredLikeTheLocalNetwork() throws IOException {
        Map<String, Object> services = (Map<String, Object>) ((Map<String, Object>) new Yaml()
                .load(Files.readString(COMPOSE))).get("services");
        var kafka = (Map<String, Object>) ((Map<String, Object>) services.get("kafka")).get("environment");
        Map<String, String> local = it.rete.localnetwork.security.NetworkCredentials
                .openOrCreate(Files.createTempDirectory("compose-check")).brokerProperties();
        for (String setting : List.of("ssl.client.auth", "ssl.principal.mapping.rules", "authorizer.class.name",
                "super.users", "allow.everyone.if.no.acl.found")) {
            String variable = "KAFKA_" + setting.toUpperCase().replace('.', '_');
            assertThat(String.valueOf(kafka.get(variable)).replace("$$", "$")).as(variable)
                    .isEqualTo(local.get(setting));
        }
        assertThat(kafka.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP").toString()).doesNotContain("PLAINTEXT");
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyPartnerServiceIsConfiguredWithVariablesTheServiceReads() throws IOException {
        Map<String, Object> services = (Map<String, Object>) ((Map<String, Object>) new Yaml()
                .load(Files.readString(COMPOSE))).get("services");
        String config = Files.readString(CONFIG);
        List<String> partnerServices = services.entrySet().stream()
                .filter(e -> "services/partner-service".equals(((Map<String, Object>) e.getValue()).get("build")))
                .map(Map.Entry::getKey).toList();
        assertThat(partnerServices).hasSizeGreaterThanOrEqualTo(3);

        for (String partner : partnerServices) {
            var service = (Map<String, Object>) services.get(partner);
            var env = (Map<String, Object>) service.get("environment");
            assertThat(env.get("RETE_PARTNER_ID")).isEqualTo(partner);
            assertThat(env.get("RETE_NETWORK_PARTNERS").toString().split(",")).containsAll(partnerServices);
            for (String variable : List.of("RETE_PARTNER_ID", "RETE_NETWORK_PARTNERS", "KAFKA_BOOTSTRAP_SERVERS",
                    "SCHEMA_REGISTRY_URL", "RETE_TOPIC_REPLICATION_FACTOR", "RETE_OPERATOR_KEY_SHA256")) {
                assertThat(env).containsKey(variable);
                assertThat(config).as("application.yml reads %s", variable).contains("${" + variable + ":");
            }
            // its own identity on the broker, as in the local network
            assertThat(env.get("KAFKA_SECURITY_PROTOCOL")).isEqualTo("SSL");
            for (String variable : List.of("KAFKA_SECURITY_PROTOCOL", "KAFKA_SSL_KEYSTORE_LOCATION",
                    "KAFKA_SSL_KEYSTORE_PASSWORD", "KAFKA_SSL_TRUSTSTORE_LOCATION", "KAFKA_SSL_TRUSTSTORE_PASSWORD")) {
                assertThat(config).as("application.yml reads %s", variable).contains("${" + variable + ":");
            }
            assertThat(service.get("volumes").toString()).contains("./.compose-secrets/" + partner + ":");
            // its services for the network directory: a file of the repository, imported by the service
            String directory = "./services/local-network/directory/" + partner + ".yml";
            assertThat(service.get("volumes").toString()).contains(directory + ":/etc/rete/directory.yml:ro");
            assertThat(Path.of("../..").resolve(directory)).isRegularFile();
            assertThat(env.get("SPRING_CONFIG_IMPORT")).isEqualTo("optional:file:/etc/rete/directory.yml");
            // each partner's operator key hash comes from its own variable, never a key written in the file
            assertThat(env.get("RETE_OPERATOR_KEY_SHA256").toString())
                    .startsWith("${" + partner.toUpperCase().replace('-', '_') + "_OPERATOR_KEY_SHA256:?");
            // each partner has its own database, and Debezium needs logical decoding on it
            String database = env.get("SPRING_DATASOURCE_URL").toString();
            assertThat(database).contains("//" + partner + "-db:");
            var db = (Map<String, Object>) services.get(partner + "-db");
            assertThat(db.get("command").toString()).contains("wal_level=logical");
            assertThat(((Map<String, Object>) service.get("depends_on"))).containsKey(partner + "-db");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyServiceIsHealthCheckedEveryStoreOnAVolumeAndEveryImageRealAndPinned() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(COMPOSE));
        Map<String, Object> services = (Map<String, Object>) compose.get("services");
        Map<String, Object> volumes = (Map<String, Object>) compose.get("volumes");
        java.util.Set<String> mounted = new java.util.TreeSet<>();
        for (var entry : services.entrySet()) {
            String name = entry.getKey();
            var service = (Map<String, Object>) entry.getValue();
            // long-running services restart and are health-checked; one-shot jobs gate others by completing
            if (service.containsKey("restart")) {
                assertThat(service).as("%s has a health check", name).containsKey("healthcheck");
            }
            if (service.get("build") instanceof String context) {
                assertThat(COMPOSE.getParent().resolve(context).resolve("Dockerfile")).as("Dockerfile of %s", name)
                        .exists();
            } else {
                String image = String.valueOf(service.get("image"));
                assertThat(image).as("image of %s", name).matches("[a-z0-9./-]+:[0-9][A-Za-z0-9._-]*");
            }
            Object serviceVolumes = service.get("volumes");
            if (serviceVolumes instanceof List<?> list) {
                for (Object volume : list) {
                    String source = String.valueOf(volume).split(":")[0];
                    if (!source.startsWith(".") && !source.startsWith("/")) {
                        mounted.add(source);
                    }
                }
            }
            // every store keeps its data on a named volume
            String image = String.valueOf(service.get("image"));
            if (image.startsWith("postgres:")) {
                assertThat(String.valueOf(serviceVolumes)).as("%s", name).contains(":/var/lib/postgresql/data");
            }
            if (image.startsWith("apache/kafka:")) {
                var env = (Map<String, Object>) service.get("environment");
                assertThat(String.valueOf(serviceVolumes)).contains(":" + env.get("KAFKA_LOG_DIRS"));
                // the broker of the same Kafka line the services' clients and the local network are built on
                Matcher kafkaVersion = Pattern.compile("<kafka\\.version>([^<]+)</kafka\\.version>")
                        .matcher(Files.readString(Path.of("../../pom.xml")));
                assertThat(kafkaVersion.find()).isTrue();
                assertThat(image).isEqualTo("apache/kafka:" + kafkaVersion.group(1));
            }
            if (String.valueOf(service.get("build")).matches("services/(partner-service|cabina-di-regia)")) {
                assertThat(String.valueOf(serviceVolumes)).as("%s", name).contains("-data:/data");
            }
        }
        assertThat(mounted).as("named volumes in use").isEqualTo(new java.util.TreeSet<>(volumes.keySet()));
    }
}
