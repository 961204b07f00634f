package it.rete.partner.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import it.rete.localnetwork.EmbeddedKafkaBroker;
import it.rete.localnetwork.SchemaRegistryServer;

/**
 * The real stack the integration tests run against, started once per test JVM: a KRaft broker, the schema
 * registry as its own process, and two partner services, each with its own embedded PostgreSQL.
 */
public final class TestNetwork implements AutoCloseable {

    public static final String PREFETTURA = "prefettura-sui";
    public static final String LULE = "lule-outreach";
    /** A member of the network that runs no service in the tests: referrals to it stay unanswered. */
    public static final String CPI = "cpi-mantova";

    private static TestNetwork instance;

    private final Path workDir;
    private final EmbeddedKafkaBroker broker;
    private final SchemaRegistryServer registry;
    private final Map<String, PartnerNode> partners = new LinkedHashMap<>();
    private final Map<String, ApiClientKeys> keys = new LinkedHashMap<>();
    /** The OAuth2 issuer whose tokens LULE (only) also accepts. */
    private final TestIssuer issuer;

    private TestNetwork() throws Exception {
        workDir = Files.createTempDirectory("rete-it-");
        broker = EmbeddedKafkaBroker.start(workDir.resolve("kafka"), 0);
        registry = SchemaRegistryServer.start(workDir.resolve("schema-registry"), 0);
        issuer = TestIssuer.start();
        for (String partnerId : new String[] {PREFETTURA, LULE}) {
            keys.put(partnerId, ApiClientKeys.random());
            Map<String, String> settings = partnerId.equals(LULE)
                    ? Map.of("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", issuer.jwkSetUri())
                    : Map.of();
            partners.put(partnerId, PartnerNode.start(partnerId, this, keys.get(partnerId), settings));
        }
    }

    /** The shared network, started on first use and stopped when the JVM exits. */
    public static synchronized TestNetwork get() {
        if (instance == null) {
            try {
                instance = new TestNetwork();
            } catch (Exception e) {
                throw new IllegalStateException("Could not start the test network", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(instance::close, "test-network-shutdown"));
        }
        return instance;
    }

    /** The partner, spoken to with its operator key. */
    public PartnerNode partner(String partnerId) {
        return partners.get(partnerId);
    }

    /** The OAuth2 issuer whose bearer tokens {@link #LULE} accepts next to API keys. */
    public TestIssuer issuer() {
        return issuer;
    }

    /** The API keys of the partner's clients (operator, viewer, monitoring). */
    public ApiClientKeys keys(String partnerId) {
        return keys.get(partnerId);
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    public String registryUrl() {
        return registry.url();
    }

    Path dataDir(String name) {
        try {
            return Files.createDirectories(workDir.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        partners.values().forEach(PartnerNode::close);
        closeQuietly(registry);
        closeQuietly(broker);
        closeQuietly(issuer);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            System.err.println("Could not stop " + closeable + ": " + e);
        }
    }
}
