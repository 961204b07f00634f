package it.rete.localnetwork;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import it.rete.localnetwork.LocalNetwork.Partner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class LocalNetworkTest {

    @TempDir
    Path tmp;

    @Test
    void defaultPartners() {
        assertEquals(List.of(new Partner("prefettura-sui", 8101), new Partner("lule-outreach", 8102),
                new Partner("cpi-mantova", 8103)), LocalNetwork.parsePartners(LocalNetwork.DEFAULT_PARTNERS, 8101));
        assertEquals(List.of(new Partner("prefettura-sui", 9101), new Partner("lule-outreach", 9102),
                new Partner("cpi-mantova", 9103)), LocalNetwork.parsePartners(LocalNetwork.DEFAULT_PARTNERS, 9101));
    }

    @Test
    void partnersWithoutPortsGetFreeNumbersFromTheBase() {
        assertEquals(List.of(new Partner("a", 9001), new Partner("b", 9000), new Partner("c", 9002)),
                LocalNetwork.parsePartners("a, b:9000 ,c", 9000));
        assertEquals(List.of(), LocalNetwork.parsePartners("none", 9000));
        assertEquals(List.of(), LocalNetwork.parsePartners(" ", 9000));
    }

    @Test
    void invalidPartnerListsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> LocalNetwork.parsePartners("Upper", 9000));
        assertThrows(IllegalArgumentException.class, () -> LocalNetwork.parsePartners("a,a", 9000));
        assertThrows(IllegalArgumentException.class, () -> LocalNetwork.parsePartners("a:1,b:1", 9000));
        assertThrows(IllegalArgumentException.class, () -> LocalNetwork.parsePartners("a:x", 9000));
    }

    @Test
    void missingPartnerJarFailsBeforeStartingAnythingAndNamesTheBuildCommand() throws Exception {
        Path registryJar = Files.createFile(tmp.resolve("quarkus-run.jar"));
        Path missing = tmp.resolve("nowhere").resolve("partner-service.jar");
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int code = new CommandLine(new LocalNetwork(new PrintStream(captured, true, StandardCharsets.UTF_8)))
                .execute("--data-dir", tmp.resolve("state").toString(), "--registry-jar", registryJar.toString(),
                        "--partner-jar", missing.toString());
        String output = captured.toString(StandardCharsets.UTF_8);
        assertEquals(1, code, output);
        assertTrue(output.contains("Partner service jar not found: " + missing), output);
        assertTrue(output.contains("mvn -q -DskipTests -pl services/partner-service -am install"), output);
        assertTrue(!output.contains("Starting Kafka"), output);
    }

    @Test
    void missingCabinaJarFailsBeforeStartingAnythingAndNamesTheWayOut() throws Exception {
        Path registryJar = Files.createFile(tmp.resolve("quarkus-run.jar"));
        Path missing = tmp.resolve("nowhere").resolve("cabina-di-regia.jar");
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int code = new CommandLine(new LocalNetwork(new PrintStream(captured, true, StandardCharsets.UTF_8)))
                .execute("--data-dir", tmp.resolve("state").toString(), "--registry-jar", registryJar.toString(),
                        "--no-partners", "--cabina-jar", missing.toString());
        String output = captured.toString(StandardCharsets.UTF_8);
        assertEquals(1, code, output);
        assertTrue(output.contains("Cabina di regia jar not found: " + missing), output);
        assertTrue(output.contains("-pl services/cabina-di-regia -am install (or start with --no-cabina)"), output);
        assertTrue(!output.contains("Starting Kafka"), output);
    }

    @Test
    void tailKeepsTheLastLines() throws Exception {
        Path log = tmp.resolve("x.log");
        Files.writeString(log, "one\ntwo\nthree\nfour\n");
        assertEquals("three\nfour", ChildProcesses.tail(log, 2));
        assertEquals("(no output)", ChildProcesses.tail(tmp.resolve("missing.log"), 2));
    }

    @Test
    void registryJarIsFoundByWalkingUpFromTheWorkingDirectory() {
        // the tests run in services/local-network; the registry module is built before this one
        Path found = SchemaRegistryServer.findInParents(Path.of("").toAbsolutePath(),
                SchemaRegistryServer.JAR_IN_REPOSITORY).orElseThrow();
        assertTrue(found.endsWith(Path.of(SchemaRegistryServer.JAR_IN_REPOSITORY)), found.toString());
    }

    @Test
    void brokerListensOnLoopbackOnly() {
        var props = EmbeddedKafkaBroker.serverProperties(tmp, 1234, 1235, false, java.util.Map.of());
        assertEquals("PLAINTEXT://127.0.0.1:1234,CONTROLLER://127.0.0.1:1235", props.getProperty("listeners"));
        assertEquals("false", props.getProperty("auto.create.topics.enable"));
        assertEquals("1", props.getProperty("offsets.topic.replication.factor"));
        assertEquals("1", props.getProperty("transaction.state.log.replication.factor"));
        assertEquals(String.valueOf(8 * 1024 * 1024), props.getProperty("log.cleaner.dedupe.buffer.size"));
        assertEquals("0", props.getProperty("group.initial.rebalance.delay.ms"));
    }
}
