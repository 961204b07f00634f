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
