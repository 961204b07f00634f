package it.rete.plumbing.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Servers started at the same moment in separate JVMs with small heaps on a machine whose binaries are not unpacked
 * yet (the local network's first start), and again after an unpacking was cut short.
 */
class PostgresBinariesIT {

    private static final int SERVERS = 3;

    /** A heap smaller than the bytes zonky's own unpacking holds at once: the unpacking here streams. */
    private static final String HEAP = "64m";

    @Test
    void serversStartingTogetherUnpackOnceAndStartAgainAfterAnUnpackingCutShort(@TempDir Path dir) throws Exception {
        Path binaries = dir.resolve("binaries");
        startTogether(dir, binaries, "first");
        List<Path> unpacked = unpacked(binaries);
        assertThat(unpacked).hasSize(1);
        assertThat(PostgresBinaries.isComplete(unpacked.get(0))).isTrue();

        // what a killed or failed unpacking leaves: no mark, no bin/, and links whose targets were not written yet
        // (zonky skips files that exist, but a dangling link does not count as existing and cannot be written over)
        Path half = unpacked.get(0);
        Files.delete(half.resolve(".exists"));
        try (Stream<Path> tree = Files.walk(half.resolve("bin"))) {
            for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        int dangling = 0;
        try (Stream<Path> lib = Files.list(half.resolve("lib"))) {
            for (Path link : lib.filter(Files::isSymbolicLink).toList()) {
                if (Files.deleteIfExists(link.resolveSibling(Files.readSymbolicLink(link)))) {
                    dangling++;
                }
            }
        }
        assertThat(dangling).as("links left dangling").isPositive();

        startTogether(dir, binaries, "again");
        assertThat(unpacked(binaries)).hasSize(1);
        assertThat(half.resolve("bin/postgres")).exists();
        assertThat(PostgresBinaries.isComplete(half)).isTrue();
    }

    /** Starts and stops one server in each of {@link #SERVERS} JVMs launched together; all must succeed. */
    private static void startTogether(Path dir, Path binaries, String round) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> processes = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        for (int i = 0; i < SERVERS; i++) {
            Path log = dir.resolve(round + "-" + i + ".log");
            logs.add(log);
            processes.add(new ProcessBuilder(java, "-Xmx" + HEAP, "-XX:TieredStopAtLevel=1",
                    "-D" + PostgresBinaries.DIRECTORY_PROPERTY + "=" + binaries,
                    "-cp", System.getProperty("java.class.path"), StartOneServer.class.getName(),
                    dir.resolve(round + "-data-" + i).toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start());
        }
        for (int i = 0; i < SERVERS; i++) {
            Process process = processes.get(i);
            assertThat(process.waitFor(180, TimeUnit.SECONDS)).as("server %s %d finished", round, i).isTrue();
            assertThat(process.exitValue()).as("server %s %d:%n%s", round, i, Files.readString(logs.get(i)))
                    .isZero();
        }
    }

    private static List<Path> unpacked(Path binaries) throws Exception {
        try (Stream<Path> entries = Files.list(binaries)) {
            return entries.filter(p -> p.getFileName().toString().startsWith("PG-")).toList();
        }
    }

    /** The child JVM: starts a server on a free port in the given data directory, checks it answers, stops it. */
    public static final class StartOneServer {
        public static void main(String[] args) throws Exception {
            try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(Path.of(args[0]), 0, 1)) {
                try (var connection = java.sql.DriverManager.getConnection(server.jdbcUrl(),
                        EmbeddedPostgresServer.SUPERUSER, "");
                     var result = connection.createStatement().executeQuery("SELECT 1")) {
                    if (!result.next() || result.getInt(1) != 1) {
                        throw new IllegalStateException("the server did not answer");
                    }
                }
            }
        }
    }
}
