package it.rete.localnetwork.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class NetworkAdminCommandsTest {

    @TempDir
    Path dir;

    @Test
    void credentialsAreLaidOutOneFolderPerMemberWithItsOwnCertificate() throws Exception {
        int code = new CommandLine(new NetworkAdminCommands.Credentials()).execute(
                "--dir", dir.toString(), "--members", "alpha,admin");
        assertEquals(0, code);
        for (String file : new String[] {"broker.p12", "truststore.p12", "keystore_creds", "truststore_creds",
                "client.properties"}) {
            assertTrue(Files.isRegularFile(dir.resolve("broker").resolve(file)), file);
        }
        Path alpha = dir.resolve("alpha");
        String password = Files.readString(alpha.resolve("KAFKA_SSL_KEYSTORE_PASSWORD"));
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(alpha.resolve("keystore.p12"))) {
            store.load(in, password.toCharArray());
        }
        X509Certificate certificate = (X509Certificate) store.getCertificate("alpha");
        assertTrue(certificate.getSubjectX500Principal().getName().contains("CN=alpha"));
        assertTrue(Files.readString(alpha.resolve("client.properties"))
                .contains("ssl.keystore.location=/run/secrets/rete/keystore.p12"));
    }
}
