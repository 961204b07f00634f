package it.rete.localnetwork;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The launcher end to end, with a JDK-only stand-in for partner-service and the cabina di regia. */
class LocalNetworkIT {

    @TempDir
    Path tmp;

    @Test
    void startsBrokerRegistryAndPartnersThenStopsThemInOrder() throws Exception {
        Path partnerJar = fakePartnerJar(tmp.resolve("fake-partner.jar"));
        int kafkaPort = Ports.freePort();
        int registryPort = Ports.freePort(kafkaPort);
        int alphaPort = Ports.freePort(kafkaPort, registryPort);
        int betaPort = Ports.freePort(kafkaPort, registryPort, alphaPort);
        int cabinaPort = Ports.freePort(kafkaPort, registryPort, alphaPort, betaPort);
        Path state = tmp.resolve("state");

        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int code = new CommandLine(new LocalNetwork(new PrintStream(captured, true, StandardCharsets.UTF_8)))
                .execute("--exit-when-ready", "--data-dir", state.toString(),
                        "--kafka-port", String.valueOf(kafkaPort), "--registry-port", String.valueOf(registryPort),
                        "--partners", "alpha:" + alphaPort + ",beta:" + betaPort,
                        "--partner-jar", partnerJar.toString(), "--partner-heap", "64m",
                        "--cabina-jar", partnerJar.toString(), "--cabina-port", String.valueOf(cabinaPort),
                        "--cabina-heap", "64m");
        String output = captured.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, output);

        assertTrue(output.contains("Kafka bootstrap servers : 127.0.0.1:" + kafkaPort), output);
        assertTrue(output.contains("http://127.0.0.1:" + registryPort + "/apis/ccompat/v7"), output);
        assertTrue(output.contains("http://127.0.0.1:" + alphaPort + "/api "), output);
        assertTrue(output.contains("http://127.0.0.1:" + betaPort + "/swagger-ui.html"), output);
        assertTrue(output.contains("Cabina di regia         : http://127.0.0.1:" + cabinaPort + "/ "), output);
        assertTrue(output.indexOf("Stopping partners") < output.indexOf("Stopping the schema registry"), output);
        assertTrue(output.indexOf("Stopping the schema registry") < output.indexOf("Stopping Kafka"), output);

        String alphaLog = Files.readString(state.resolve("logs").resolve("alpha.log"));
        assertTrue(alphaLog.contains("arg --rete.partner.id=alpha"), alphaLog);
        assertTrue(alphaLog.contains("arg --server.port=" + alphaPort), alphaLog);
        assertTrue(alphaLog.contains("arg --spring.kafka.bootstrap-servers=127.0.0.1:" + kafkaPort), alphaLog);
        assertTrue(alphaLog.contains("arg --spring.kafka.properties.schema.registry.url=http://127.0.0.1:"
                + registryPort + "/apis/ccompat/v7"), alphaLog);
        assertTrue(alphaLog.contains("arg --rete.network.partners=alpha,beta"), alphaLog);
        assertTrue(alphaLog.contains("arg --rete.data-dir=" + state.resolve("data").resolve("alpha")), alphaLog);
        assertTrue(alphaLog.contains("fake partner alpha stopping"), "partner got SIGTERM:\n" + alphaLog);
        String cabinaLog = Files.readString(state.resolve("logs").resolve("cabina-di-regia.log"));
        assertTrue(cabinaLog.contains("arg --server.port=" + cabinaPort), cabinaLog);
        assertTrue(cabinaLog.contains("arg --rete.data-dir=" + state.resolve("data").resolve("cabina-di-regia")),
                cabinaLog);
        assertTrue(cabinaLog.contains("arg --spring.kafka.bootstrap-servers=127.0.0.1:" + kafkaPort), cabinaLog);
        assertTrue(cabinaLog.contains("stopping"), "cabina got SIGTERM:\n" + cabinaLog);
        assertTrue(Files.isDirectory(state.resolve("kafka").resolve("logs")));
        assertTrue(Files.exists(state.resolve("schema-registry").resolve("registry.mv.db")));

        // everything is down: the ports are free again
        for (int port : new int[] {kafkaPort, registryPort, alphaPort, betaPort, cabinaPort}) {
            assertTrue(!Ports.inUse(port), "port " + port + " still in use");
        }
    }

    /** A jar whose manifest runs FakePartner from this module's test classes. */
    private static Path fakePartnerJar(Path jar) throws Exception {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, FakePartner.class.getName());
        String testClasses = FakePartner.class.getProtectionDomain().getCodeSource().getLocation().toURI()
                .toString();
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, testClasses);
        try (OutputStream out = Files.newOutputStream(jar);
             JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            // manifest only
        }
        return jar;
    }
}
