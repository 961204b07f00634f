package it.rete.partner.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import it.rete.localnetwork.EmbeddedKafkaBroker;
import it.rete.localnetwork.SchemaRegistryServer;
import it.rete.localnetwork.security.NetworkAccess;
import it.rete.localnetwork.security.NetworkCredentials;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;

/**
 * The real stack the integration tests run against, started once per test JVM: a KRaft broker secured like the
 * local network (mutual TLS, ACLs), the schema registry as its own process, and two partner services, each with its
 * own embedded PostgreSQL and its own broker identity.
 */
public final class TestNetwork implements NetworkUnderTest, AutoCloseable {

    public static final String PREFETTURA = "prefettura-sui";
    public static final String LULE = "lule-outreach";
    /** A member of the network that runs no service in the tests: referrals to it stay unanswered. */
    public static final String CPI = "cpi-mantova";

    private static TestNetwork instance;

    private final Path workDir;
    private final NetworkCredentials credentials;
    private final List<String> members = new ArrayList<>(List.of(PREFETTURA, LULE, CPI));
    private final EmbeddedKafkaBroker broker;
    private final SchemaRegistryServer registry;
    private final Map<String, PartnerNode> partners = new LinkedHashMap<>();
    private final Map<String, ApiClientKeys> keys = new LinkedHashMap<>();
    /** The OAuth2 issuer whose tokens LULE (only) also accepts. */
    private final TestIssuer issuer;

    private TestNetwork() throws Exception {
        workDir = Files.createTempDirectory("rete-it-");
        credentials = NetworkCredentials.openOrCreate(workDir.resolve("secrets"));
        broker = EmbeddedKafkaBroker.startSecured(workDir.resolve("kafka"), 0, credentials);
        applyAccess();
        registry = SchemaRegistryServer.start(workDir.resolve("schema-registry"), 0);
        issuer = TestIssuer.start();
        for (String partnerId : new String[] {PREFETTURA, LULE}) {
            keys.put(partnerId, ApiClientKeys.random());
            Map<String, String> settings = partnerId.equals(LULE)
                    ? Map.of("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", issuer.jwkSetUri(),
                             // one configured service, published at start (others are described through the API)
                             "rete.directory.services[0].slug", "orientamento",
                             "rete.directory.services[0].name", "Orientamento al lavoro",
                             "rete.directory.services[0].service-type", "JOB_ORIENTATION",
                             "rete.directory.services[0].territories", "Castiglione delle Stiviere,Mantova",
                             "rete.directory.services[0].languages", "it,pa,ar",
                             "rete.directory.services[0].capacity-available", "4",
                             "rete.directory.services[0].capacity-maximum", "10",
                             // short deadlines for referrals given a due-by date seconds ahead (DeadlineIT);
                             // the default windows are days, so no other test's referral expires
                             "rete.referral.expire-after", "PT8S",
                             "rete.referral.timer-interval", "PT1S")
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
    @Override
    public PartnerNode partner(String partnerId) {
        return partners.get(partnerId);
    }

    @Override
    public javax.sql.DataSource dataSource(String partnerId) {
        return partner(partnerId).bean(javax.sql.DataSource.class);
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

    /** Kafka client settings of {@code principal}: bootstrap servers and its TLS identity. */
    public Map<String, Object> clientConfig(String principal) {
        Map<String, Object> config = new HashMap<>(credentials.clientProperties(principal));
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        return config;
    }

    /** A Kafka client properties file for {@code principal}, as command-line tools take it. */
    public Path clientConfigFile(String principal) {
        return credentials.writeClientConfig(principal, broker.bootstrapServers(),
                workDir.resolve("clients").resolve(principal + ".properties"));
    }

    /** The network administrator's client settings (a super user: it may also write any ledger, as a forger). */
    @Override
    public Map<String, Object> adminConfig() {
        return clientConfig(NetworkCredentials.ADMIN);
    }

    /** Admits a new partner: its topics are created and the ACLs extended, as the administrator would. */
    public synchronized void admit(String partnerId) {
        if (!members.contains(partnerId)) {
            members.add(partnerId);
        }
        applyAccess();
    }

    private synchronized void applyAccess() {
        try (Admin admin = Admin.create(adminConfig())) {
            NetworkAccess.of(members).apply(admin, (short) 1, 3);
        }
    }

    @Override
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
