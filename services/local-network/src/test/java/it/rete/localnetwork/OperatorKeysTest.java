package it.rete.localnetwork;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OperatorKeysTest {

    @TempDir
    Path state;

    @Test
    void aPartnerGetsA32ByteKeyAtFirstStartAndKeepsIt() throws Exception {
        String key = OperatorKeys.keyOf(state, "lule-outreach");
        assertEquals(32, Base64.getUrlDecoder().decode(key).length);
        assertEquals(key, OperatorKeys.keyOf(state, "lule-outreach"));
        Path file = state.resolve("lule-outreach").resolve("operator.key");
        assertEquals(key, Files.readString(file).strip());
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
        assertNotEquals(key, OperatorKeys.keyOf(state, "cpi-mantova"));
    }

    @Test
    void theHashIsTheHexSha256OfTheKey() {
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", OperatorKeys.sha256Hex("abc"));
    }

    @Test
    void aFileThatHoldsNoKeyIsReportedNotReplaced() throws Exception {
        Path file = state.resolve("cpi-mantova").resolve("operator.key");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "not a key!");
        var e = assertThrows(IllegalStateException.class, () -> OperatorKeys.keyOf(state, "cpi-mantova"));
        assertTrue(e.getMessage().contains("delete it"));
        assertEquals("not a key!", Files.readString(file));
    }
}
