package it.rete.audit.ledger;

import java.time.Duration;

import picocli.CommandLine.Option;

/** Where the network is: options shared by every command. */
public class Connection {

    public static final String DEFAULT_BOOTSTRAP = "127.0.0.1:9092";
    public static final String DEFAULT_REGISTRY = "http://127.0.0.1:8081/apis/ccompat/v7";

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-" + DEFAULT_BOOTSTRAP + "}",
            description = "Kafka bootstrap servers (env KAFKA_BOOTSTRAP_SERVERS; default ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(names = "--registry-url", paramLabel = "URL",
            defaultValue = "${env:SCHEMA_REGISTRY_URL:-" + DEFAULT_REGISTRY + "}",
            description = "Confluent-compatible schema registry base URL (env SCHEMA_REGISTRY_URL; default "
                    + "${DEFAULT-VALUE}).")
    String registryUrl;

    /** Written by the local network at every start: the auditor's TLS identity on the secured broker. */
    public static final String LOCAL_NETWORK_CLIENT_CONFIG = ".local-network/clients/audit.properties";

    @Option(names = "--client-config", paramLabel = "FILE",
            defaultValue = "${env:KAFKA_CLIENT_CONFIG:-}",
            description = "Kafka client settings of the auditor's identity (security.protocol, ssl.*), as a "
                    + "properties file (env KAFKA_CLIENT_CONFIG; default " + LOCAL_NETWORK_CLIENT_CONFIG
                    + " when it exists).")
    String clientConfig;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "15",
            description = "How long to wait for the broker or the registry before giving up (default ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    public Connection() {
    }

    public Connection(String bootstrapServers, String registryUrl, int timeoutSeconds) {
        this.bootstrapServers = bootstrapServers;
        this.registryUrl = registryUrl;
        this.timeoutSeconds = timeoutSeconds;
    }

    /** The client settings file in use: --client-config, or the local network's when it exists; null for none. */
    public java.nio.file.Path clientConfigFile() {
        java.nio.file.Path file = clientConfigPath();
        return java.nio.file.Files.isRegularFile(file) ? file : null;
    }

    private java.nio.file.Path clientConfigPath() {
        return clientConfig != null && !clientConfig.isBlank() ? java.nio.file.Path.of(clientConfig)
                : java.nio.file.Path.of(LOCAL_NETWORK_CLIENT_CONFIG);
    }

    /** The client settings file's properties (identity and TLS), or none. */
    public java.util.Properties clientProperties() {
        java.util.Properties properties = new java.util.Properties();
        java.nio.file.Path file = clientConfigPath();
        if (clientConfig != null && !clientConfig.isBlank() && !java.nio.file.Files.isRegularFile(file)) {
            throw new it.rete.audit.AuditException(it.rete.audit.ExitCodes.USAGE, "--client-config " + file
                    + " does not exist");
        }
        if (java.nio.file.Files.isRegularFile(file)) {
            try (var in = java.nio.file.Files.newInputStream(file)) {
                properties.load(in);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("Cannot read " + file, e);
            }
            properties.remove("bootstrap.servers"); // --bootstrap-servers says where
        }
        return properties;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String registryUrl() {
        return registryUrl;
    }

    public Duration timeout() {
        return Duration.ofSeconds(Math.max(1, timeoutSeconds));
    }
}
