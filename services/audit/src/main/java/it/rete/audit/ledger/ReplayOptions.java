package it.rete.audit.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import picocli.CommandLine.Option;

/** Options of the commands that replay whole ledgers. */
public class ReplayOptions {

    @Option(names = "--progress", negatable = true,
            description = "Show progress on stderr (events read, events/s, time left). Default: when run in a "
                    + "terminal.")
    Boolean progress;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Where sorted spill files go while replaying (default: a temporary directory, removed at "
                    + "the end).")
    Path workDir;

    @Option(names = "--memory-mb", paramLabel = "MB", defaultValue = "24",
            description = "Heap used for sorting before spilling to disk (default ${DEFAULT-VALUE}); the tool runs "
                    + "in a fixed heap whatever the length of the history.")
    int memoryMb;

    public Boolean progress() {
        return progress;
    }

    public long memoryBudgetBytes() {
        return Math.max(1, memoryMb) * 1024L * 1024L;
    }

    /** A fresh directory for spill files; deleted by {@link #deleteWorkDir}. */
    public Path createWorkDir() {
        try {
            if (workDir != null) {
                Files.createDirectories(workDir);
                return Files.createTempDirectory(workDir, "rete-audit-");
            }
            return Files.createTempDirectory("rete-audit-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a work directory", e);
        }
    }

    public static void deleteWorkDir(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // leftovers in a temporary directory are harmless
        }
    }
}
