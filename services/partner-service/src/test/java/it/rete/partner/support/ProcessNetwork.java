package it.rete.partner.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import it.rete.localnetwork.ChildProcesses;
import it.rete.localnetwork.KafkaBrokerProcess;
import it.rete.localnetwork.OperatorKeys;
import it.rete.localnetwork.PartnerJvm;
import it.rete.localnetwork.Ports;
import it.rete.localnetwork.SchemaRegistryServer;
import it.rete.localnetwork.security.NetworkAccess;
import it.rete.localnetwork.security.NetworkCredentials;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The network as separate processes, so that each can be killed and started again: the secured broker
 * ({@link KafkaBrokerProcess}), the schema registry, and partner services run from their jar, as the local network
 * runs them. Every port is chosen once and kept across restarts, so clients find a restarted process where it was.
 */
public final class ProcessNetwork implements NetworkUnderTest, AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);

    private final Path workDir;
    private final NetworkCredentials credentials;
    private final List<String> members;
    private final int brokerPort;
    private final int registryPort;
    private final Map<String, PartnerProcess> partners = new LinkedHashMap<>();
    private KafkaBrokerProcess broker;
    private SchemaRegistryServer registry;

    /** A partner service process; apiPort and postgresPort stay the same across restarts. */
    private static final class PartnerProcess {
        final String id;
        final int apiPort;
        final int postgresPort;
        final String operatorKey;
        Process process;

        PartnerProcess(String id, int apiPort, int postgresPort, String operatorKey) {
            this.id = id;
            this.apiPort = apiPort;
            this.postgresPort = postgresPort;
            this.operatorKey = operatorKey;
        }
    }

    /**
     * Starts the broker and the registry, admits {@code members} (topics, ACLs) and starts a partner service for
     * each of {@code running}.
     */
    public ProcessNetwork(List<String> members, List<String> running) throws IOException {
        this.members = List.copyOf(members);
        workDir = Files.createTempDirectory("rete-faults-");
        credentials = NetworkCredentials.openOrCreate(workDir.resolve("secrets"));
        List<Integer> taken = new ArrayList<>();
        brokerPort = take(taken);
        registryPort = take(taken);
        for (String id : running) {
            partners.put(id, new PartnerProcess(id, take(taken), take(taken), ApiClientKeys.newKey()));
        }
        try {
            startBroker();
            try (Admin admin = Admin.create(adminConfig())) {
                NetworkAccess.of(this.members).apply(admin, (short) 1, 3);
            }
            startRegistry();
            partners.keySet().forEach(this::launchPartner);
            partners.keySet().forEach(this::awaitPartner);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private static int take(List<Integer> taken) {
        int port = Ports.freePort(taken.stream().mapToInt(Integer::intValue).toArray());
        taken.add(port);
        return port;
    }

    // ---- the broker ----

    public void startBroker() {
        broker = KafkaBrokerProcess.start(workDir.resolve("kafka"), brokerPort, workDir.resolve("secrets"),
                workDir.resolve("logs").resolve("kafka.log"), System.getProperty("java.class.path"),
                List.of("-Xmx384m"), START_TIMEOUT);
    }

    /** SIGKILL of the broker process: no clean shutdown, its logs are recovered at the next start. */
    public void killBroker() {
        broker.kill();
    }

    // ---- the registry ----

    public void startRegistry() {
        registry = SchemaRegistryServer.builder().dataDir(workDir.resolve("schema-registry")).port(registryPort)
                .logFile(workDir.resolve("logs").resolve("schema-registry-" + System.nanoTime() + ".log")).start();
    }

    public void stopRegistry() {
        registry.close();
    }

    // ---- partners ----

    public void startPartner(String partnerId) {
        launchPartner(partnerId);
        awaitPartner(partnerId);
    }

    /** SIGKILL of the partner service's JVM, as a crash would end it. */
    public void killPartner(String partnerId) {
        Process process = partners.get(partnerId).process;
        process.destroyForcibly();
        process.onExit().join();
    }

    /** SIGTERM and wait: Spring shuts the service down gracefully. */
    public void stopPartner(String partnerId) {
        ChildProcesses.stop(partners.get(partnerId).process, Duration.ofSeconds(60));
    }

    public long partnerPid(String partnerId) {
        return partners.get(partnerId).process.pid();
    }

    private void launchPartner(String partnerId) {
        PartnerProcess p = partners.get(partnerId);
        Path data = workDir.resolve("data").resolve(partnerId);
        Path log = workDir.resolve("logs").resolve(partnerId + ".log");
        // the launcher's partner JVM (without its class data sharing: the jar as built)
        List<String> command = new ArrayList<>();
        command.add(ChildProcesses.javaExecutable());
        command.addAll(PartnerJvm.options(true, PartnerJvm.DEFAULT_HEAP, List.of()));
        command.addAll(List.of("-jar",
                Path.of("target/partner-service.jar").toAbsolutePath().toString(),
                "--rete.partner.id=" + partnerId,
                "--rete.network.partners=" + String.join(",", members),
                "--rete.data-dir=" + data,
                "--rete.embedded-postgres.port=" + p.postgresPort,
                "--server.address=127.0.0.1",
                "--server.port=" + p.apiPort,
                "--spring.kafka.bootstrap-servers=127.0.0.1:" + brokerPort,
                "--spring.kafka.properties.schema.registry.url=http://127.0.0.1:" + registryPort
                        + SchemaRegistryServer.CCOMPAT_PATH,
                "--spring.main.banner-mode=off"));
        try {
            Files.createDirectories(data);
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(credentials.serviceEnvironment(partnerId));
            builder.environment().putAll(PartnerJvm.DEFAULT_ENVIRONMENT);
            builder.environment().put(OperatorKeys.HASH_VARIABLE, OperatorKeys.sha256Hex(p.operatorKey));
            p.process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start partner " + partnerId, e);
        }
    }

    /** Ready when the API answers: the outbox relay starts before the web server, so writes are published. */
    private void awaitPartner(String partnerId) {
        PartnerProcess p = partners.get(partnerId);
        PartnerNode node = partner(partnerId);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            if (!p.process.isAlive()) {
                throw new IllegalStateException("Partner " + partnerId + " exited with " + p.process.exitValue()
                        + ":\n" + ChildProcesses.tail(workDir.resolve("logs").resolve(partnerId + ".log"), 60));
            }
            try {
                if (node.get("/api/referrals/outbox?limit=1").status() == 200) {
                    return;
                }
            } catch (IllegalStateException notListeningYet) {
                // the web server is not up yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Partner " + partnerId + " not ready:\n"
                        + ChildProcesses.tail(workDir.resolve("logs").resolve(partnerId + ".log"), 60));
            }
            sleep(250);
        }
    }

    @Override
    public PartnerNode partner(String partnerId) {
        PartnerProcess p = partners.get(partnerId);
        return PartnerNode.remote(partnerId, URI.create("http://127.0.0.1:" + p.apiPort), p.operatorKey);
    }

    @Override
    public DataSource dataSource(String partnerId) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl("jdbc:postgresql://127.0.0.1:" + partners.get(partnerId).postgresPort + "/postgres");
        dataSource.setUser("postgres");
        return dataSource;
    }

    public Map<String, Object> clientConfig(String principal) {
        Map<String, Object> config = new HashMap<>(credentials.clientProperties(principal));
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + brokerPort);
        return config;
    }

    @Override
    public Map<String, Object> adminConfig() {
        return clientConfig(NetworkCredentials.ADMIN);
    }

    @Override
    public String registryUrl() {
        return "http://127.0.0.1:" + registryPort + SchemaRegistryServer.CCOMPAT_PATH;
    }

    public Path logs() {
        return workDir.resolve("logs");
    }

    @Override
    public void close() {
        for (PartnerProcess p : partners.values()) {
            if (p.process != null) {
                ChildProcesses.stop(p.process, Duration.ofSeconds(60));
            }
        }
        if (registry != null) {
            registry.close();
        }
        if (broker != null) {
            broker.close();
        }
        if (!Boolean.getBoolean("rete.faults.keep")) {
            deleteRecursively(workDir);
        }
    }

    /** Everything the processes wrote (data, logs); {@code -Drete.faults.keep=true} keeps it for a look. */
    private static void deleteRecursively(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("Could not delete " + dir + ": " + e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
