package it.rete.localnetwork;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import it.rete.localnetwork.security.NetworkAccess;
import it.rete.localnetwork.security.NetworkAdminCommands;
import it.rete.localnetwork.security.NetworkCredentials;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Launcher of the local Rete network: an embedded Kafka broker, the schema registry, one partner-service process per
 * partner and the cabina di regia (the control room's dashboard), all on 127.0.0.1. Ctrl-C stops the services, then
 * the registry, then the broker.
 */
@Command(name = "local-network", mixinStandardHelpOptions = true, sortOptions = false,
        subcommands = {NetworkAdminCommands.Credentials.class, NetworkAdminCommands.Grant.class},
        description = {"Starts the local Rete network on 127.0.0.1: a Kafka broker (KRaft, in this JVM), the schema "
                + "registry (Confluent-compatible API), one partner-service process per partner and the cabina di "
                + "regia (the control room's dashboard).",
                "State is kept under the data directory (default .local-network in the repository root), so a "
                        + "restart keeps topics, records, schemas and partner data. Stop with Ctrl-C."},
        footer = {"", "Examples:",
                "  start-local-network.sh",
                "  start-local-network.sh --partners a:8201,b:8202",
                "  start-local-network.sh --no-partners          # broker + registry (+ cabina di regia)",
                "  start-local-network.sh --no-partners --no-cabina   # broker + registry only"})
public final class LocalNetwork implements Callable<Integer> {

    /** With the default --partner-base-port: prefettura-sui 8101, lule-outreach 8102, cpi-mantova 8103. */
    public static final String DEFAULT_PARTNERS = "prefettura-sui,lule-outreach,cpi-mantova";
    public static final String PARTNER_JAR_PROPERTY = "rete.partner-service.jar";
    public static final String PARTNER_JAR_IN_REPOSITORY = "services/partner-service/target/partner-service.jar";
    public static final String CABINA_ID = "cabina-di-regia";
    public static final String CABINA_JAR_PROPERTY = "rete.cabina-di-regia.jar";
    public static final String CABINA_JAR_IN_REPOSITORY = "services/cabina-di-regia/target/cabina-di-regia.jar";
    private static final Pattern PARTNER_ID = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final Pattern HEALTH_UP = Pattern.compile("\"status\"\\s*:\\s*\"UP\"");

    @Option(names = "--home", paramLabel = "DIR",
            description = "Repository root (default: the working directory or the nearest parent holding services/).")
    Path home;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where state and logs go (default: <home>/.local-network).")
    Path dataDir;

    @Option(names = "--kafka-port", defaultValue = "9092", paramLabel = "PORT",
            description = "Kafka client port (default: ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(names = "--registry-port", defaultValue = "8081", paramLabel = "PORT",
            description = "Schema registry HTTP port (default: ${DEFAULT-VALUE}).")
    int registryPort;

    @Option(names = "--partners", paramLabel = "ID[:PORT][,ID[:PORT]...]", defaultValue = DEFAULT_PARTNERS,
            description = {"Partners to start, comma separated; 'none' for none (default: ${DEFAULT-VALUE}).",
                    "An id without a port gets the next free number from --partner-base-port."})
    String partners;

    @Option(names = "--no-partners", description = "Start only the broker and the registry (same as --partners none).")
    boolean noPartners;

    @Option(names = "--partner-base-port", defaultValue = "8101", paramLabel = "PORT",
            description = "First API port for partners listed without one (default: ${DEFAULT-VALUE}).")
    int partnerBasePort;

    @Option(names = "--partner-jar", paramLabel = "JAR",
            description = "The partner service jar (default: system property " + PARTNER_JAR_PROPERTY
                    + ", else <home>/" + PARTNER_JAR_IN_REPOSITORY + ").")
    Path partnerJar;

    @Option(names = "--registry-jar", paramLabel = "JAR",
            description = "The registry's quarkus-run.jar (default: system property "
                    + SchemaRegistryServer.JAR_PROPERTY + ", else <home>/" + SchemaRegistryServer.JAR_IN_REPOSITORY
                    + ").")
    Path registryJar;

    @Option(names = "--partner-heap", defaultValue = PartnerJvm.DEFAULT_HEAP, paramLabel = "SIZE",
            description = "-Xmx of each partner (default: ${DEFAULT-VALUE}).")
    String partnerHeap;

    @Option(names = "--partner-jvm-option", paramLabel = "OPTION",
            description = "Extra JVM option for every partner (repeatable), after the defaults, e.g. "
                    + "--partner-jvm-option=-XX:TieredStopAtLevel=4 (C2 back)")
    List<String> partnerJvmOptions = new ArrayList<>();

    @Option(names = "--no-partner-jvm-defaults",
            description = "Start partners with -Xmx and --partner-jvm-option only, without the default serial GC, "
                    + "C1-only JIT, code cache and stack sizes and MALLOC_ARENA_MAX=2.")
    boolean noPartnerJvmDefaults;

    @Option(names = "--no-class-data-sharing",
            description = "Start partners from their jar as it is, without the extracted jar and the class data "
                    + "archive kept under <data-dir>/cds (made at the first start, redone when the jar changes).")
    boolean noClassDataSharing;

    @Option(names = "--partner-arg", paramLabel = "ARG",
            description = "Extra argument for every partner (repeatable), e.g. "
                    + "--partner-arg=--logging.level.root=DEBUG")
    List<String> partnerArgs = new ArrayList<>();

    @Option(names = "--no-cabina", description = "Do not start the cabina di regia.")
    boolean noCabina;

    @Option(names = "--cabina-port", defaultValue = "8100", paramLabel = "PORT",
            description = "Port of the cabina di regia's dashboard and API (default: ${DEFAULT-VALUE}).")
    int cabinaPort;

    @Option(names = "--cabina-jar", paramLabel = "JAR",
            description = "The cabina di regia jar (default: system property " + CABINA_JAR_PROPERTY
                    + ", else <home>/" + CABINA_JAR_IN_REPOSITORY + ").")
    Path cabinaJar;

    @Option(names = "--cabina-heap", defaultValue = "256m", paramLabel = "SIZE",
            description = "-Xmx of the cabina di regia (default: ${DEFAULT-VALUE}).")
    String cabinaHeap;

    @Option(names = "--health-timeout", defaultValue = "120", paramLabel = "SECONDS",
            description = "How long to wait for each partner to report UP (default: ${DEFAULT-VALUE}).")
    int healthTimeoutSeconds;

    @Option(names = "--exit-when-ready",
            description = "Start everything, print the table, then stop everything and exit (a smoke test).")
    boolean exitWhenReady;

    private final PrintStream out;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final List<PartnerProcess> running = new ArrayList<>();
    private PartnerProcess cabina;
    private volatile boolean stopping;
    private boolean stoppedAll;
    private EmbeddedKafkaBroker broker;
    private SchemaRegistryServer registry;
    private NetworkCredentials credentials;

    /** One partner: its id and API port. */
    record Partner(String id, int port) {
    }

    private record PartnerProcess(Partner partner, Process process, Path logFile, String operatorKey) {
    }

    public LocalNetwork() {
        this(System.out);
    }

    LocalNetwork(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "it/rete/localnetwork/local-network-logback.xml");
        }
        int code = new CommandLine(new LocalNetwork()).execute(args);
        System.exit(code);
    }

    @Override
    public Integer call() {
        try {
            return run();
        } catch (RuntimeException e) {
            if (!stopping) { // not a side effect of Ctrl-C during the start
                out.println();
                out.println("ERROR: " + e.getMessage());
            }
            stopAll();
            return 1;
        }
    }

    private int run() {
        Path root = home != null ? home.toAbsolutePath().normalize() : findHome();
        Path state = (dataDir != null ? dataDir : root.resolve(".local-network")).toAbsolutePath().normalize();
        List<Partner> partnerList = noPartners ? List.of() : parsePartners(partners, partnerBasePort);

        // Check everything that can be checked before starting anything.
        Path registryJarPath = registryJar != null ? registryJar.toAbsolutePath().normalize()
                : SchemaRegistryServer.findInParents(root, SchemaRegistryServer.JAR_IN_REPOSITORY)
                        .orElseGet(SchemaRegistryServer::locateJar);
        requireFile(registryJarPath, "Schema registry jar",
                "mvn -q -DskipTests -pl services/schema-registry install");
        Path partnerJarPath = null;
        if (!partnerList.isEmpty()) {
            partnerJarPath = resolvePartnerJar(root);
            requireFile(partnerJarPath, "Partner service jar",
                    "mvn -q -DskipTests -pl services/partner-service -am install");
        }
        Path cabinaJarPath = null;
        if (!noCabina) {
            cabinaJarPath = resolveJar(cabinaJar, CABINA_JAR_PROPERTY, root.resolve(CABINA_JAR_IN_REPOSITORY));
            requireFile(cabinaJarPath, "Cabina di regia jar",
                    "mvn -q -DskipTests -pl services/cabina-di-regia -am install (or start with --no-cabina)");
            requireFreePort(cabinaPort, "the cabina di regia");
        }
        requireFreePort(kafkaPort, "Kafka");
        requireFreePort(registryPort, "the schema registry");
        for (Partner partner : partnerList) {
            requireFreePort(partner.port(), "partner " + partner.id());
        }

        Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll, "local-network-shutdown"));
        try {
            Path logs = Files.createDirectories(state.resolve("logs"));

            // The registry does not need the broker: both start at once (the registry in its own JVM).
            out.println("Starting Kafka (KRaft) on 127.0.0.1:" + kafkaPort + " and the schema registry on 127.0.0.1:"
                    + registryPort + " ...");
            long t0 = System.nanoTime();
            AtomicLong partnerLaunchReadyAt = new AtomicLong();
            CompletableFuture<ClassDataSharing.Launch> partnerLaunch = preparePartnerLaunch(partnerJarPath, state,
                    logs).thenApply(launch -> {
                        partnerLaunchReadyAt.set(System.nanoTime());
                        return launch;
                    });
            CompletableFuture<SchemaRegistryServer> registryStart = CompletableFuture.supplyAsync(() ->
                    SchemaRegistryServer.builder()
                            .dataDir(state.resolve("schema-registry"))
                            .logFile(logs.resolve("schema-registry.log"))
                            .port(registryPort)
                            .jar(registryJarPath)
                            .shutdownHook(false)
                            .start());
            AtomicLong registryReadyAt = new AtomicLong();
            registryStart = registryStart.thenApply(started -> {
                registryReadyAt.set(System.nanoTime());
                return started;
            });
            RuntimeException failure = null;
            try {
                // every client proves who it is with a certificate; the ACLs say what each may do
                credentials = NetworkCredentials.openOrCreate(state.resolve("secrets"));
                broker = EmbeddedKafkaBroker.start(state.resolve("kafka"), kafkaPort, credentials.brokerProperties(),
                        false, true);
                admitMembers(partnerList, state);
                out.printf("  Kafka ready in %.1f s (mutual TLS, ACLs)%n", seconds(t0));
            } catch (RuntimeException e) {
                failure = e;
            }
            try {
                registry = registryStart.join();
                out.printf("  Schema registry ready in %.1f s%n", (registryReadyAt.get() - t0) / 1e9);
            } catch (CompletionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException r ? r : e;
                if (failure == null) {
                    failure = cause;
                } else {
                    failure.addSuppressed(cause);
                }
            }
            if (failure != null) {
                throw failure;
            }

            long servicesStarted = System.nanoTime();
            if (cabinaJarPath != null) {
                cabina = startCabina(cabinaJarPath, root, state, logs);
            }
            if (!partnerList.isEmpty()) {
                ClassDataSharing.Launch launch = partnerLaunch.join();
                if (!noClassDataSharing) {
                    out.printf("  Partner class data sharing ready in %.1f s: %s%n",
                            (partnerLaunchReadyAt.get() - t0) / 1e9, launch.summary());
                }
                startPartners(partnerList, launch, root, state, logs);
            }
            if (cabina != null) {
                awaitHealthy(cabina, servicesStarted + Duration.ofSeconds(healthTimeoutSeconds).toNanos());
                out.printf("  %s UP after %.1f s%n", CABINA_ID, seconds(servicesStarted));
            }
            printTable(partnerList, state);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + state, e);
        }

        if (exitWhenReady) {
            stopAll();
            return 0;
        }
        out.println("Running. Press Ctrl-C to stop.");
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /**
     * Creates the members' topics, grants their ACLs and writes each member's Kafka client settings to
     * {@code clients/<name>.properties} (for command-line tools such as the audit tool).
     */
    private void admitMembers(List<Partner> partnerList, Path state) {
        NetworkAccess access = NetworkAccess.of(partnerList.stream().map(Partner::id).toList());
        Map<String, Object> adminConfig = new java.util.HashMap<>(credentials.clientProperties(NetworkCredentials.ADMIN));
        adminConfig.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (Admin admin = Admin.create(adminConfig)) {
            access.apply(admin, (short) 1, 3);
        }
        Path clients = state.resolve("clients");
        credentials.writeClientConfig(NetworkCredentials.ADMIN, broker.bootstrapServers(),
                clients.resolve(NetworkCredentials.ADMIN + ".properties"));
        for (NetworkAccess.Member member : access.members()) {
            credentials.writeClientConfig(member.name(), broker.bootstrapServers(),
                    clients.resolve(member.name() + ".properties"));
        }
    }

    /**
     * The partners' jar and JVM options; with class data sharing, extracted and trained (at the first start, while
     * the broker and the registry start) under {@code <data-dir>/cds}.
     */
    private CompletableFuture<ClassDataSharing.Launch> preparePartnerLaunch(Path jar, Path state, Path logs) {
        List<String> options = PartnerJvm.options(!noPartnerJvmDefaults, partnerHeap, partnerJvmOptions);
        if (jar == null || noClassDataSharing) {
            return CompletableFuture.completedFuture(new ClassDataSharing.Launch(jar, options, "off"));
        }
        return CompletableFuture.supplyAsync(() -> ClassDataSharing.prepare(jar, state.resolve("cds"), options,
                logs.resolve("cds-training.log"), Duration.ofSeconds(healthTimeoutSeconds)));
    }

    private void startPartners(List<Partner> partnerList, ClassDataSharing.Launch launch, Path root, Path state,
            Path logs) {
        String ids = partnerList.stream().map(Partner::id).collect(Collectors.joining(","));
        long t0 = System.nanoTime();
        for (Partner partner : partnerList) {
            Path logFile = logs.resolve(partner.id() + ".log");
            Path partnerData = state.resolve("data").resolve(partner.id());
            List<String> command = new ArrayList<>();
            command.add(ChildProcesses.javaExecutable());
            command.addAll(launch.jvmOptions());
            command.add("-jar");
            command.add(launch.jar().toString());
            command.add("--rete.partner.id=" + partner.id());
            command.add("--server.port=" + partner.port());
            command.add("--server.address=127.0.0.1");
            command.add("--spring.kafka.bootstrap-servers=" + broker.bootstrapServers());
            command.add("--spring.kafka.properties.schema.registry.url=" + registry.url());
            command.add("--rete.data-dir=" + partnerData);
            command.add("--rete.network.partners=" + ids);
            // the partner's services for the network directory, when the repository describes some
            Path services = root.resolve("services/local-network/directory").resolve(partner.id() + ".yml");
            if (Files.isRegularFile(services)) {
                command.add("--spring.config.import=optional:file:" + services.toAbsolutePath());
            }
            command.addAll(partnerArgs);
            try {
                Files.createDirectories(partnerData);
                String operatorKey = OperatorKeys.keyOf(state, partner.id());
                ProcessBuilder builder = new ProcessBuilder(command);
                builder.environment().putAll(credentials.serviceEnvironment(partner.id()));
                if (!noPartnerJvmDefaults) {
                    builder.environment().putAll(PartnerJvm.DEFAULT_ENVIRONMENT);
                }
                builder
                        .directory(root.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(logFile.toFile());
                builder.environment().put(OperatorKeys.HASH_VARIABLE, OperatorKeys.sha256Hex(operatorKey));
                Process process = builder.start();
                PartnerProcess started = new PartnerProcess(partner, process, logFile, operatorKey);
                synchronized (running) {
                    running.add(started);
                }
                process.onExit().thenAccept(p -> {
                    if (!stopping) {
                        out.printf("WARNING: partner %s exited with code %d; see %s%n", partner.id(),
                                p.exitValue(), logFile);
                    }
                });
                out.printf("Starting partner %s on 127.0.0.1:%d (pid %d) ...%n", partner.id(), partner.port(),
                        process.pid());
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot start partner " + partner.id() + ": " + command, e);
            }
        }
        List<PartnerProcess> snapshot;
        synchronized (running) {
            snapshot = List.copyOf(running);
        }
        for (PartnerProcess p : snapshot) {
            awaitHealthy(p, t0 + Duration.ofSeconds(healthTimeoutSeconds).toNanos());
            out.printf("  %s UP after %.1f s%n", p.partner().id(), seconds(t0));
        }
    }

    /** The control room follows every ledger (pattern subscription), so it may start before the partners. */
    private PartnerProcess startCabina(Path jar, Path root, Path state, Path logs) {
        Path logFile = logs.resolve(CABINA_ID + ".log");
        Path data = state.resolve("data").resolve(CABINA_ID);
        List<String> command = List.of(ChildProcesses.javaExecutable(), "-Xmx" + cabinaHeap, "-jar", jar.toString(),
                "--server.port=" + cabinaPort,
                "--server.address=127.0.0.1",
                "--spring.kafka.bootstrap-servers=" + broker.bootstrapServers(),
                "--spring.kafka.properties.schema.registry.url=" + registry.url(),
                "--rete.data-dir=" + data);
        try {
            Files.createDirectories(data);
            String operatorKey = OperatorKeys.keyOf(state, CABINA_ID);
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(credentials.serviceEnvironment(CABINA_ID));
            builder.environment().put(OperatorKeys.HASH_VARIABLE, OperatorKeys.sha256Hex(operatorKey));
            Process process = builder.directory(root.toFile()).redirectErrorStream(true)
                    .redirectOutput(logFile.toFile()).start();
            process.onExit().thenAccept(p -> {
                if (!stopping) {
                    out.printf("WARNING: %s exited with code %d; see %s%n", CABINA_ID, p.exitValue(), logFile);
                }
            });
            out.printf("Starting the %s on 127.0.0.1:%d (pid %d) ...%n", CABINA_ID, cabinaPort, process.pid());
            return new PartnerProcess(new Partner(CABINA_ID, cabinaPort), process, logFile, operatorKey);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the " + CABINA_ID + ": " + command, e);
        }
    }

    private void awaitHealthy(PartnerProcess p, long deadlineNanos) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
                .version(HttpClient.Version.HTTP_1_1).build();
        URI health = URI.create("http://127.0.0.1:" + p.partner().port() + "/actuator/health");
        String last = "no answer yet";
        while (System.nanoTime() < deadlineNanos) {
            if (!p.process().isAlive()) {
                throw new IllegalStateException(describe(p) + " exited with code "
                        + p.process().exitValue() + " before reporting UP. Last lines of " + p.logFile() + ":\n"
                        + ChildProcesses.tail(p.logFile(), 40));
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(health)
                        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && HEALTH_UP.matcher(response.body()).find()) {
                    return;
                }
                last = "HTTP " + response.statusCode() + ": " + abbreviate(response.body());
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + describe(p), e);
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted", e);
            }
        }
        throw new IllegalStateException(describe(p) + " did not report UP on " + health
                + " within " + healthTimeoutSeconds + " s (" + last + "). Last lines of " + p.logFile() + ":\n"
                + ChildProcesses.tail(p.logFile(), 40));
    }

    private static String describe(PartnerProcess p) {
        return CABINA_ID.equals(p.partner().id()) ? "The " + CABINA_ID : "Partner " + p.partner().id();
    }

    private void printTable(List<Partner> partnerList, Path keysDir) {
        Path cwd = Paths.get("").toAbsolutePath();
        out.println();
        out.println("Rete local network is up");
        out.println("  Kafka bootstrap servers : " + broker.bootstrapServers()
                + "   (data " + display(cwd, broker.dataDir()) + ")");
        out.println("  Kafka client settings   : " + display(cwd, credentials.directory().resolveSibling("clients"))
                + "/<member>.properties   (mutual TLS; certificates in " + display(cwd, credentials.directory())
                + ")");
        out.println("  Schema registry         : " + registry.url()
                + "   (log " + display(cwd, registry.logFile()) + ")");
        if (cabina != null) {
            String base = "http://127.0.0.1:" + cabina.partner().port();
            out.println("  Cabina di regia         : " + base + "/   (API " + base + "/api/indicators, log "
                    + display(cwd, cabina.logFile()) + ")");
            out.println("                            key " + cabina.operatorKey() + "   (kept in "
                    + display(cwd, OperatorKeys.keyFile(keysDir, CABINA_ID)) + ")");
        }
        if (partnerList.isEmpty()) {
            out.println("  Partners                : none");
            out.println();
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"PARTNER", "API", "OPENAPI UI", "OPERATOR KEY", "LOG"});
        synchronized (running) {
            for (PartnerProcess p : running) {
                String base = "http://127.0.0.1:" + p.partner().port();
                rows.add(new String[] {p.partner().id(), base + "/api", base + "/swagger-ui.html",
                        p.operatorKey(), display(cwd, p.logFile())});
            }
        }
        int[] widths = new int[5];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        out.println();
        for (String[] row : rows) {
            out.printf("  %-" + widths[0] + "s  %-" + widths[1] + "s  %-" + widths[2] + "s  %-" + widths[3]
                    + "s  %s%n", row[0], row[1], row[2], row[3], row[4]);
        }
        out.println();
        out.println("  Send the key as 'Authorization: Bearer <key>' (or 'X-API-Key: <key>'); it is kept in "
                + display(cwd, OperatorKeys.keyFile(keysDir, "<partner>")));
        out.println();
    }

    /** Stops the partners (SIGTERM, wait, then force), then the registry, then the broker. Idempotent. */
    synchronized void stopAll() {
        if (stoppedAll) {
            return;
        }
        stopping = true;
        List<PartnerProcess> partnersToStop;
        synchronized (running) {
            partnersToStop = List.copyOf(running);
            running.clear();
        }
        PartnerProcess cabinaToStop = cabina;
        cabina = null;
        if (cabinaToStop != null) {
            partnersToStop = new ArrayList<>(partnersToStop);
            partnersToStop.add(cabinaToStop);
        }
        if (!partnersToStop.isEmpty()) {
            out.println(cabinaToStop == null ? "Stopping partners ..."
                    : partnersToStop.size() == 1 ? "Stopping the " + CABINA_ID + " ..."
                    : "Stopping partners and the " + CABINA_ID + " ...");
            for (PartnerProcess p : partnersToStop) {
                p.process().toHandle().descendants().forEach(ProcessHandle::destroy);
                p.process().destroy(); // SIGTERM: Spring Boot shuts down gracefully
            }
            for (PartnerProcess p : partnersToStop) {
                ChildProcesses.stop(p.process(), Duration.ofSeconds(30));
            }
        }
        boolean stoppedSomething = registry != null || broker != null;
        if (registry != null) {
            out.println("Stopping the schema registry ...");
            registry.close();
            registry = null;
        }
        if (broker != null) {
            out.println("Stopping Kafka ...");
            broker.close();
            broker = null;
        }
        if (!partnersToStop.isEmpty() || stoppedSomething) {
            out.println("Stopped.");
        }
        stoppedAll = true;
        stopped.countDown();
    }

    static List<Partner> parsePartners(String spec, int basePort) {
        if (spec == null || spec.isBlank() || spec.trim().equalsIgnoreCase("none")) {
            return List.of();
        }
        List<String> items = new ArrayList<>();
        for (String item : spec.split(",")) {
            if (!item.isBlank()) {
                items.add(item.trim());
            }
        }
        Set<Integer> usedPorts = new LinkedHashSet<>();
        Set<String> ids = new LinkedHashSet<>();
        List<String[]> parsed = new ArrayList<>();
        for (String item : items) {
            String[] parts = item.split(":", 2);
            String id = parts[0].trim();
            if (!PARTNER_ID.matcher(id).matches()) {
                throw new IllegalArgumentException("Invalid partner id '" + id
                        + "': use lowercase letters, digits and '-'");
            }
            if (!ids.add(id)) {
                throw new IllegalArgumentException("Partner '" + id + "' is listed twice");
            }
            if (parts.length == 2) {
                try {
                    usedPorts.add(Integer.parseInt(parts[1].trim()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(    "Invalid port in '" + item + "'");
                }
            }
            parsed.add(parts);
        }
        List<Partner> result = new ArrayList<>();
        int next = basePort;
        for (String[] parts : parsed) {
            int port;
            if (parts.length == 2) {
                port = Integer.parseInt(parts[1].trim());
            } else {
                while (usedPorts.contains(next)) {
                    next++;
                }
                port = next;
                usedPorts.add(port);
            }
            result.add(new Partner(parts[0].trim(), port));
        }
        long distinctPorts = result.stream().map(Partner::port).distinct().count();
        if (distinctPorts != result.size()) {
            throw new IllegalArgumentException("Two partners share a port: " + result);
        }
        return result;
    }

    private Path resolvePartnerJar(Path root) {
        return resolveJar(partnerJar, PARTNER_JAR_PROPERTY, root.resolve(PARTNER_JAR_IN_REPOSITORY));
    }

    /** The option, else the system property, else the jar in the repository. */
    private static Path resolveJar(Path option, String property, Path inRepository) {
        if (option != null) {
            return option.toAbsolutePath().normalize();
        }
        String configured = System.getProperty(property);
        if (configured != null && !configured.isBlank()) {
            return Paths.get(configured).toAbsolutePath().normalize();
        }
        return inRepository;
    }

    /** The working directory or the nearest parent that holds services/ (the repository root). */
    static Path findHome() {
        Path cwd = Paths.get("").toAbsolutePath();
        for (Path dir = cwd; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("services")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        return cwd;
    }

    private static void requireFile(Path file, String what, String buildCommand) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(what + " not found: " + file
                    + "\nBuild it from the repository root with: " + buildCommand);
        }
    }

    private static void requireFreePort(int port, String what) {
        if (port != 0 && Ports.inUse(port)) {
            throw new IllegalStateException("Port 127.0.0.1:" + port + " for " + what
                    + " is already in use (is another local network running?). Choose another port with the options"
                    + " shown by --help.");
        }
    }

    private static String display(Path cwd, Path file) {
        return file.startsWith(cwd) ? cwd.relativize(file).toString() : file.toString();
    }

    private static String abbreviate(String text) {
        String oneLine = text.replaceAll("\\s+", " ");
        return oneLine.length() > 200 ? oneLine.substring(0, 200) + "..." : oneLine;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
