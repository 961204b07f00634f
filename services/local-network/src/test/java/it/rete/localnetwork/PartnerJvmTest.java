package it.rete.localnetwork;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartnerJvmTest {

    @TempDir
    Path tmp;

    @Test
    void defaultsComeFirstSoThatOptionsGivenLaterWin() {
        assertEquals(List.of("-XX:+UseSerialGC", "-Xmn20m", "-XX:TieredStopAtLevel=1", "-XX:ReservedCodeCacheSize=48m",
                "-Xss512k", "-Xmx84m", "-XX:TieredStopAtLevel=4"),
                PartnerJvm.options(true, PartnerJvm.DEFAULT_HEAP, List.of("-XX:TieredStopAtLevel=4")));
    }

    @Test
    void withoutDefaultsOnlyTheHeapAndTheOptionsGiven() {
        assertEquals(List.of("-Xmx256m", "-Xss1m"), PartnerJvm.options(false, "256m", List.of("-Xss1m")));
    }

    @Test
    void aJarThatIsNotASpringBootJarStartsAsItIs() throws IOException {
        Path jar = tmp.resolve("fake-partner.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "it.rete.Fake");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.putNextEntry(new JarEntry("it/rete/Fake.class"));
            out.closeEntry();
        }
        List<String> options = PartnerJvm.options(true, "64m", List.of());

        ClassDataSharing.Launch launch = ClassDataSharing.prepare(jar, tmp.resolve("cds"), options,
                tmp.resolve("logs/cds-training.log"), Duration.ofSeconds(30));

        assertEquals(jar, launch.jar());
        assertEquals(options, launch.jvmOptions());
        assertTrue(launch.summary().startsWith("off"), launch.summary());
        assertFalse(Files.exists(tmp.resolve("cds")));
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
