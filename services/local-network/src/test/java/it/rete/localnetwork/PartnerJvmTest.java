package it.rete.localnetwork;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartnerJvmTest {

    @TempDir
    Path tmp;

    @Test
    void defaultsComeFirstSoThatOptionsGivenLaterWin() {
        assertEquals(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:ReservedCodeCacheSize=48m",
                "-Xss512k", "-Xmx96m", "-XX:TieredStopAtLevel=4"),
                PartnerJvm.options(true, "96m", List.of("-XX:TieredStopAtLevel=4")));
    }

    @Test
    void withoutDefaultsOnlyTheHeapAndTheOptionsGiven() {
        assertEquals(List.of("-Xmx256m", "-Xss1m"), PartnerJvm.options(false, "256m", List.of("-Xss1m")));
    }

    @Test
    void anArchiveIsKeyedByTheJarsBytesAndTheJvmOptions() throws IOException {
        Path jar = Files.write(tmp.resolve("partner-service.jar"), new byte[] {1, 2, 3});
        String first = ClassDataSharing.digest(jar, List.of("-Xmx128m"));
        assertEquals(first, ClassDataSharing.digest(jar, List.of("-Xmx128m")));
        assertNotEquals(first, ClassDataSharing.digest(jar, List.of("-Xmx256m")));
        Files.write(jar, new byte[] {1, 2, 4});
        assertNotEquals(first, ClassDataSharing.digest(jar, List.of("-Xmx128m")));
    }
}
