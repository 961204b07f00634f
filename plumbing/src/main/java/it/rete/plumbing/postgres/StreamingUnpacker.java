package it.rete.plumbing.postgres;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * Gives zonky its binaries archive after unpacking it here, one file at a time, into the directory zonky will look
 * in ({@code PG-<MD5 of the archive>}) and marked complete as zonky checks it: zonky then finds them ready and does
 * not unpack. Its own unpacking holds the archive twice and the bytes of every file it is still writing (the largest
 * is 27 MB), more than a small heap has (an OutOfMemoryError at 96 MB even before a Spring context is loaded); this
 * one holds a buffer. Used only by the start that unpacks (see {@link PostgresBinaries#start}).
 */
final class StreamingUnpacker implements PgBinaryResolver {

    private final PgBinaryResolver binaries;
    private final Path directory;

    StreamingUnpacker(Path directory) {
        this(DefaultPostgresBinaryResolver.INSTANCE, directory);
    }

    StreamingUnpacker(PgBinaryResolver binaries, Path directory) {
        this.binaries = binaries;
        this.directory = directory;
    }

    @Override
    public InputStream getPgBinary(String system, String machineHardware) throws IOException {
        InputStream archive = binaries.getPgBinary(system, machineHardware);
        if (archive == null) {
            return null; // zonky says which binaries are missing
        }
        // a copy on disk: zonky reads the same bytes again to name the directory
        Path copy = Files.createTempFile(directory, "postgres-", ".txz");
        MessageDigest md5 = md5();
        try (DigestInputStream in = new DigestInputStream(archive, md5)) {
            Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
        }
        Path target = directory.resolve("PG-" + HexFormat.of().formatHex(md5.digest()));
        if (!PostgresBinaries.isComplete(target)) {
            PostgresBinaries.deleteTree(target);
            unpack(copy, target);
        }
        return Files.newInputStream(copy, StandardOpenOption.DELETE_ON_CLOSE);
    }

    /** The tar.xz archive into {@code target}, then zonky's mark of a complete unpacking. */
    static void unpack(Path archive, Path target) throws IOException {
        Files.createDirectories(target);
        try (InputStream file = new BufferedInputStream(Files.newInputStream(archive));
             TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(file))) {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                Path path = target.resolve(entry.getName()).normalize();
                if (!path.startsWith(target)) {
                    throw new IOException("Entry " + entry.getName() + " lies outside " + target);
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else if (entry.isSymbolicLink() || entry.isLink()) {
                    Files.createDirectories(path.getParent());
                    Files.deleteIfExists(path);
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName())); // as zonky makes both kinds
                } else if (entry.isFile()) {
                    Files.createDirectories(path.getParent());
                    Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
                    if ((entry.getMode() & 0111) != 0 && !path.toFile().setExecutable(true, false)) {
                        throw new IOException("Cannot make " + path + " executable");
                    }
                }
            }
        }
        Files.createFile(target.resolve(PostgresBinaries.COMPLETE));
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5"); // zonky's name for the directory, not a security check
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
