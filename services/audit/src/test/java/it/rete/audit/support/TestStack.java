package it.rete.audit.support;

import java.nio.file.Files;
import java.nio.file.Path;

import it.rete.localnetwork.EmbeddedKafkaBroker;
import it.rete.localnetwork.SchemaRegistryServer;

/** A real KRaft broker and the real registry process, started once per test JVM and stopped when it exits. */
public final class TestStack {

    private static TestStack instance;

    private final Path dir;
    private final EmbeddedKafkaBroker broker;
    private final SchemaRegistryServer registry;

    private TestStack() throws Exception {
        dir = Files.createTempDirectory("rete-audit-it-");
        broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0);
        registry = SchemaRegistryServer.start(dir.resolve("schema-registry"), 0);
    }

    public static synchronized TestStack get() {
        if (instance == null) {
            try {
                instance = new TestStack();
            } catch (Exception e) {
                throw new IllegalStateException("Could not start the broker and the registry", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                instance.registry.close();
                instance.broker.close();
                try (var files = Files.walk(instance.dir)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                } catch (java.io.IOException e) {
                    // a temporary directory
                }
            }, "test-stack-shutdown"));
        }
        return instance;
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    public String registryUrl() {
        return registry.url();
    }
}
