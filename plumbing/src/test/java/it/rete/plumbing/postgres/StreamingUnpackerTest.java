package it.rete.plumbing.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

class StreamingUnpackerTest {

    @TempDir
    Path dir;

    @Test
    void filesLinksAndModesAreUnpackedAndMarkedComplete() throws Exception {
        Path archive = archive(tar -> {
            file(tar, "bin/postgres", "#!/bin/sh\n", 0755);
            file(tar, "lib/libpq.so.5.17", "lib", 0644);
            TarArchiveEntry link = new TarArchiveEntry("lib/libpq.so.5", TarArchiveEntry.LF_SYMLINK);
            link.setLinkName("libpq.so.5.17");
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
        });
        Path target = dir.resolve("PG-abc");

        StreamingUnpacker.unpack(archive, target);

        assertThat(target.resolve("bin/postgres")).isExecutable().hasContent("#!/bin/sh");
        assertThat(target.resolve("lib/libpq.so.5.17").toFile().canExecute()).isFalse();
        assertThat(Files.readSymbolicLink(target.resolve("lib/libpq.so.5"))).isEqualTo(Path.of("libpq.so.5.17"));
        assertThat(target.resolve("lib/libpq.so.5")).hasContent("lib");
        assertThat(PostgresBinaries.isComplete(target)).isTrue();
    }

    @Test
    void anEntryOutsideTheTargetIsRefused() throws Exception {
        Path archive = archive(tar -> file(tar, "../outside", "x", 0644));

        assertThatThrownBy(() -> StreamingUnpacker.unpack(archive, dir.resolve("PG-abc")))
                .isInstanceOf(IOException.class).hasMessageContaining("outside");
        assertThat(dir.resolve("outside")).doesNotExist();
        assertThat(PostgresBinaries.isComplete(dir.resolve("PG-abc"))).isFalse();
    }

    private interface Content {
        void write(TarArchiveOutputStream tar) throws IOException;
    }

    private Path archive(Content content) throws IOException {
        Path archive = dir.resolve("postgres.txz");
        try (OutputStream out = Files.newOutputStream(archive);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(new XZOutputStream(out, new LZMA2Options()))) {
            content.write(tar);
        }
        return archive;
    }

    private static void file(TarArchiveOutputStream tar, String name, String text, int mode) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(bytes.length);
        entry.setMode(mode);
        tar.putArchiveEntry(entry);
        tar.write(bytes);
        tar.closeArchiveEntry();
    }
}
