package it.rete.localnetwork;

import java.io.IOException;
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
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The project's schema registry (module {@code services/schema-registry}: Apicurio Registry with its
 * Confluent-compatible API) running as a child JVM on 127.0.0.1.
 *
 * <p>{@link #url()} is the Confluent-compatible base URL ({@code http://127.0.0.1:<port>/apis/ccompat/v7}) to give
 * serializers as {@code schema.registry.url}. The global compatibility level is set to
 * {@code BACKWARD_TRANSITIVE} before {@link #start} returns.
 *
 * <p>With a data directory the registry stores its schemas in a file-backed H2 database there (kept across
 * restarts) and writes its log to {@code schema-registry.log} in it; without one it keeps schemas in memory and logs
 * to a temporary directory.
 *
 * <p>The jar is {@code services/schema-registry/target/quarkus-app/quarkus-run.jar}: set the system property
 * {@value #JAR_PROPERTY} or run from anywhere inside the repository (the working directory and its parents are
 * searched). Build it with {@code mvn -q -pl services/schema-registry install}.
 */
public final class SchemaRegistryServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SchemaRegistryServer.class);

    /** System property naming the registry's {@code quarkus-run.jar}. */
    public static final String JAR_PROPERTY = "rete.schema-registry.jar";
    /** Where the jar is, relative to the repository root. */
    public static final String JAR_IN_REPOSITORY = "services/schema-registry/target/quarkus-app/quarkus-run.jar";
    /** Confluent-compatible API path. */
    public static final String CCOMPAT_PATH = "/apis/ccompat/v7";
    public static final String DEFAULT_COMPATIBILITY = "BACKWARD_TRANSITIVE";

    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private final Process process;
    private final int port;
    private final Path logFile;
    private final Path tempDir;
    private final Thread shutdownHook;
    private volatile boolean closed;
    private volatile boolean keepLog;

    private SchemaRegistryServer(Process process, int port, Path logFile, Path tempDir) {
        this.process = process;
        this.port = port;
        this.logFile = logFile;
        this.tempDir = tempDir;
        this.shutdownHook = new Thread(this::stopProcess, "schema-registry-shutdown");
    }

    /** An in-memory registry on a free port. */
    public static SchemaRegistryServer start() {
        return builder().start();
    }

    /**
     * A registry on {@code port} (0 = a free port) keeping its schemas in {@code dataDir} (null = in memory).
     */
    public static SchemaRegistryServer start(Path dataDir, int port) {
        return builder().dataDir(dataDir).port(port).start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The Confluent-compatible base URL: {@code http://127.0.0.1:<port>/apis/ccompat/v7}. */
    public String url() {
        return baseUrl() + CCOMPAT_PATH;
    }

    /** {@code http://127.0.0.1:<port>} (Apicurio's own API is under {@code /apis/registry/v2}). */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path logFile() {
        return logFile;
    }

    /** The child JVM's process id. */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Stops the registry process (and any process it started) and waits for it to exit. */
    @Override
    public void close() {
        stopProcess();
        removeShutdownHook();
    }

    private void removeShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException | IllegalArgumentException alreadyShuttingDownOrNotRegistered) {
            // nothing to remove
        }
    }

    private synchronized void stopProcess() {
        if (closed) {
            return;
        }
        closed = true;
        ChildProcesses.stop(process, Duration.ofSeconds(15));
        log.info("Schema registry at {} stopped", baseUrl());
        if (tempDir != null && !keepLog) {
            try {
                Files.deleteIfExists(logFile);
                Files.deleteIfExists(tempDir);
            } catch (IOException e) {
                log.debug("Cannot delete {}: {}", tempDir, e.toString());
            }
        }
    }

    /**
     * Finds the registry jar: the system property {@value #JAR_PROPERTY}, else {@value #JAR_IN_REPOSITORY} in the
     * working directory or one of its parents.
     *
     * @throws IllegalStateException naming the expected path and the build command when it is missing
     */
    public static Path locateJar() {
        String configured = System.getProperty(JAR_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            Path jar = Paths.get(configured).toAbsolutePath().normalize();
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("Schema registry jar not found at " + jar + " (system property "
                        + JAR_PROPERTY + "). Build it with: mvn -q -pl services/schema-registry install");
            }
            return jar;
        }
        return findInParents(Paths.get("").toAbsolutePath(), JAR_IN_REPOSITORY).orElseThrow(() ->
                new IllegalStateException("Schema registry jar not found: looked for " + JAR_IN_REPOSITORY
                        + " in " + Paths.get("").toAbsolutePath() + " and its parents. Build it from the repository"
                        + " root with: mvn -q -pl services/schema-registry install (or set -D" + JAR_PROPERTY
                        + "=/path/to/quarkus-run.jar)"));
    }

    static Optional<Path> findInParents(Path start, String relative) {
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(relative);
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate.normalize());
            }
        }
        return Optional.empty();
    }

    /** Options for starting a registry. */
    public static final class Builder {
        private Path dataDir;
        private int port;
        private Path jar;
        private Path logFile;
        private Duration startTimeout = Duration.ofSeconds(90);
        private String maxHeap = "256m";
        private String compatibility = DEFAULT_COMPATIBILITY;
        private final List<String> jvmOptions = new ArrayList<>();
        private boolean shutdownHook = true;

        private Builder() {
        }

        /** Directory for the H2 database file and the log; null (default) = in-memory schemas. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /** HTTP port on 127.0.0.1; 0 (default) = a free port. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The registry's quarkus-run.jar; default {@link SchemaRegistryServer#locateJar()}. */
        public Builder jar(Path jar) {
            this.jar = jar;
            return this;
        }

        /** Where the process output goes; default {@code <dataDir>/schema-registry.log} or a temp file. */
        public Builder logFile(Path logFile) {
            this.logFile = logFile;
            return this;
        }

        public Builder startTimeout(Duration startTimeout) {
            this.startTimeout = Objects.requireNonNull(startTimeout);
            return this;
        }

        /** The child JVM's -Xmx value (default 256m). */
        public Builder maxHeap(String maxHeap) {
            this.maxHeap = Objects.requireNonNull(maxHeap);
            return this;
        }

        /** Global compatibility level set after start (default BACKWARD_TRANSITIVE); null = leave as is. */
        public Builder compatibility(String compatibility) {
            this.compatibility = compatibility;
            return this;
        }

        /** Extra options for the child JVM (e.g. -D system properties that configure Quarkus/Apicurio). */
        public Builder jvmOption(String option) {
            this.jvmOptions.add(option);
            return this;
        }

        /**
         * Whether a JVM shutdown hook stops the process once it is ready (default true). With false the hook only
         * covers the start; afterwards the caller must {@link SchemaRegistryServer#close()} it (in its own order).
         */
        Builder shutdownHook(boolean shutdownHook) {
            this.shutdownHook = shutdownHook;
            return this;
        }

        public SchemaRegistryServer start() {
            Path jarPath = jar != null ? jar.toAbsolutePath() : locateJar();
            if (!Files.isRegularFile(jarPath)) {
                throw new IllegalStateException("Schema registry jar not found at " + jarPath
                        + ". Build it with: mvn -q -pl services/schema-registry install");
            }
            int httpPort = port == 0 ? Ports.freePort() : port;
            if (Ports.inUse(httpPort)) {
                throw new IllegalStateException("Cannot start the schema registry: 127.0.0.1:" + httpPort
                        + " is already in use");
            }
            Path dir = dataDir == null ? null : dataDir.toAbsolutePath().normalize();
            Path out;
            Path tempDir = null;
            try {
                if (dir != null) {
                    Files.createDirectories(dir);
                }
                if (logFile == null && dir == null) {
                    tempDir = Files.createTempDirectory("schema-registry-");
                }
                out = logFile != null ? logFile.toAbsolutePath()
                        : dir != null ? dir.resolve("schema-registry.log")
                        : tempDir.resolve("schema-registry.log");
                Files.createDirectories(out.getParent());
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot prepare the schema registry directories", e);
            }

            List<String> command = new ArrayList<>();
            command.add(ChildProcesses.javaExecutable());
            command.add("-Xmx" + maxHeap);
            command.add("-Dquarkus.http.host=127.0.0.1");
            command.add("-Dquarkus.http.port=" + httpPort);
            command.addAll(jvmOptions);
            command.add("-jar");
            command.add(jarPath.toString());
            ProcessBuilder pb = new ProcessBuilder(command)
                    .directory(jarPath.getParent().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile());
            if (dir != null) {
                // file-backed H2; AUTO_SERVER off: only this process opens it
                pb.environment().put("REGISTRY_DATASOURCE_URL", "jdbc:h2:file:" + dir.resolve("registry"));
            } else {
                pb.environment().remove("REGISTRY_DATASOURCE_URL");
            }

            long startedAt = System.nanoTime();
            Process process;
            try {
                process = pb.start();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot start the schema registry: " + command, e);
            }
            SchemaRegistryServer server = new SchemaRegistryServer(process, httpPort, out, tempDir);
            // The hook also covers the start itself; without shutdownHook(true) it is removed once the registry is
            // ready and the caller owns the process.
            Runtime.getRuntime().addShutdownHook(server.shutdownHook);
            try {
                server.awaitReady(startTimeout);
                if (compatibility != null) {
                    server.setGlobalCompatibility(compatibility);
                }
            } catch (RuntimeException e) {
                server.keepLog = true; // for a look at the whole log after a failed start
                server.close();
                throw e;
            }
            if (!shutdownHook) {
                server.removeShutdownHook();
            }
            log.info("Schema registry ready at {} in {} ms (pid {}, log {})", server.url(),
                    (System.nanoTime() - startedAt) / 1_000_000, process.pid(), out);
            return server;
        }
    }

    private void awaitReady(Duration timeout) {
        HttpClient http = httpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url() + "/subjects"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        long deadline = System.nanoTime() + timeout.toNanos();
        String lastProblem = "no answer yet";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Schema registry process exited with code " + process.exitValue()
                        + " before answering on " + url() + ". Last lines of " + logFile + ":\n"
                        + ChildProcesses.tail(logFile, 40));
            }
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                lastProblem = "HTTP " + response.statusCode() + ": " + response.body();
            } catch (IOException e) {
                lastProblem = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for the schema registry", e);
            }
            sleep(200);
        }
        throw new IllegalStateException("Schema registry did not answer on " + url() + "/subjects within "
                + timeout.toSeconds() + " s (" + lastProblem + "). Last lines of " + logFile + ":\n"
                + ChildProcesses.tail(logFile, 40));
    }

    /** {@code PUT /config} with {@code {"compatibility": level}}. */
    public void setGlobalCompatibility(String level) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url() + "/config"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", CONTENT_TYPE)
                .PUT(HttpRequest.BodyPublishers.ofString("{\"compatibility\":\"" + level + "\"}"))
                .build();
        try {
            HttpResponse<String> response = httpClient().send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Setting the registry's global compatibility to " + level
                        + " failed: HTTP " + response.statusCode() + " " + response.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Setting the registry's global compatibility failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    private static HttpClient httpClient() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }
}
