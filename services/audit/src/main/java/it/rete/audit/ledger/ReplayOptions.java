package it.rete.audit.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import it.rete.audit.AuditException;
import it.rete.audit.ExitCodes;
import it.rete.plumbing.ledger.LedgerTopics;
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

    @Option(names = "--partners", split = ",", paramLabel = "PARTNER",
            description = "Only the ledgers of these partners (comma-separated ids); default: every ledger. Causes "
                    + "on other ledgers are then unknown.")
    List<String> partners;

    /** The ledgers to replay among those on the broker. */
    public List<String> select(List<String> ledgerTopics) {
        if (partners == null || partners.isEmpty()) {
            return ledgerTopics;
        }
        List<String> selected = new ArrayList<>();
        for (String partner : partners) {
            String topic = LedgerTopics.ledger(partner.trim());
            if (!ledgerTopics.contains(topic)) {
                throw new AuditException(ExitCodes.NOT_FOUND, "No ledger " + topic + " for partner " + partner);
            }
            selected.add(topic);
        }
        return selected;
    }

    public Boolean progress() {
        return progress;
    }

    /** What the replay needs beside the sort budget: fetches, reorder buffers, the case merge, the JVM's own. */
    static final long HEAP_BESIDE_BUDGET = 96L * 1024 * 1024;

    /**
     * The sort budget, checked against the heap before anything is read.
     *
     * @throws AuditException (usage) when it is below 1 MB or leaves too little of the heap for the rest
     */
    public long memoryBudgetBytes() {
        long budget = memoryMb * 1024L * 1024L;
        if (memoryMb < 1) {
            throw new AuditException(ExitCodes.USAGE, "--memory-mb must be at least 1, not " + memoryMb);
        }
        long heap = Runtime.getRuntime().maxMemory();
        if (budget + HEAP_BESIDE_BUDGET > heap) {
            throw new AuditException(ExitCodes.USAGE, "--memory-mb " + memoryMb + " does not fit in the tool's heap of "
                    + heap / (1024 * 1024) + " MB, which needs " + HEAP_BESIDE_BUDGET / (1024 * 1024) + " MB beside"
                    + " it: at most --memory-mb " + Math.max(0, (heap - HEAP_BESIDE_BUDGET) / (1024 * 1024))
                    + ", or more heap (AUDIT_JAVA_OPTS=-Xmx512m with bin/audit)");
        }
        return budget;
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
