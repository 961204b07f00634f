package it.rete.plumbing.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresBinariesTest {

    @Test
    void aHalfUnpackedDirectoryIsRemovedAndACompleteOneKept(@TempDir Path dir) throws Exception {
        Path half = Files.createDirectories(dir.resolve("PG-half/lib"));
        Files.writeString(half.resolve("libicudata.so"), "x");
        Path complete = unpacked(dir.resolve("PG-complete"));
        Path other = Files.createDirectories(dir.resolve("not-binaries"));

        PostgresBinaries.removeIncomplete(dir);

        assertThat(dir.resolve("PG-half")).doesNotExist();
        assertThat(complete.resolve("bin/postgres")).exists();
        assertThat(other).exists();
    }

    @Test
    void aMarkOlderThanTheContentIsNotCompleteUntilTouched(@TempDir Path dir) throws Exception {
        Path unpacked = unpacked(dir.resolve("PG-stale"));
        // the directory changed after the mark (zonky deleted its lock file there, late)
        long content = unpacked.toFile().lastModified();
        assertThat(unpacked.resolve(".exists").toFile().setLastModified(content - 5_000)).isTrue();
        assertThat(PostgresBinaries.isComplete(unpacked)).isFalse();

        PostgresBinaries.markComplete(dir);

        assertThat(PostgresBinaries.isComplete(unpacked)).isTrue();
    }

    @Test
    void theDirectoryCanBeChosen(@TempDir Path dir) {
        String before = System.getProperty(PostgresBinaries.DIRECTORY_PROPERTY);
        try {
            System.setProperty(PostgresBinaries.DIRECTORY_PROPERTY, dir.toString());
            assertThat(PostgresBinaries.directory()).isEqualTo(dir.toAbsolutePath());
            System.clearProperty(PostgresBinaries.DIRECTORY_PROPERTY);
            assertThat(PostgresBinaries.directory())
                    .isEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "rete-embedded-pg").toAbsolutePath());
        }
        finally {
            if (before != null) {
                System.setProperty(PostgresBinaries.DIRECTORY_PROPERTY, before);
            }
        }
    }

    /** A directory as zonky leaves it after unpacking: content first, then the mark. */
    private static Path unpacked(Path dir) throws Exception {
        Files.createDirectories(dir.resolve("bin"));
        Files.createDirectories(dir.resolve("share"));
        Files.writeString(dir.resolve("bin/postgres"), "x");
        long past = System.currentTimeMillis() - 60_000;
        for (Path p : new Path[] {dir.resolve("bin/postgres"), dir.resolve("bin"), dir.resolve("share"), dir}) {
            assertThat(p.toFile().setLastModified(past)).isTrue();
        }
        Files.writeString(dir.resolve(".exists"), "");
        assertThat(dir.toFile().setLastModified(past)).isTrue();
        assertThat(PostgresBinaries.isComplete(dir)).isTrue();
        return dir;
    }
}
