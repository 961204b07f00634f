package it.rete.localnetwork.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;

import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The administrator's commands for a network run elsewhere (docker-compose.yml): issue the members' credentials
 * into one folder per member, and grant the network's topics and ACLs on a running broker.
 */
public final class NetworkAdminCommands {

    private NetworkAdminCommands() {
    }

    @Command(name = "credentials", mixinStandardHelpOptions = true,
            description = {"Issues the broker's and every member's TLS identity (first run only) and lays them out "
                    + "one folder per member: <dir>/broker for the apache/kafka image (/etc/kafka/secrets), "
                    + "<dir>/<member> for a Rete service (a Spring config tree with the passwords, plus "
                    + "client.properties for command-line tools)."})
    public static final class Credentials implements Callable<Integer> {

        @Option(names = "--dir", required = true, paramLabel = "DIR", description = "Output folder.")
        Path dir;

        @Option(names = "--members", required = true, split = ",", paramLabel = "NAME",
                description = "Partners, then cabina-di-regia, audit, admin (comma separated).")
        List<String> members;

        @Option(names = "--bootstrap-servers", defaultValue = "kafka:9092", paramLabel = "HOST:PORT",
                description = "Written into each client.properties (default: ${DEFAULT-VALUE}).")
        String bootstrapServers;

        @Option(names = "--mount", defaultValue = "/run/secrets/rete", paramLabel = "PATH",
                description = "Where services see their folder (default: ${DEFAULT-VALUE}).")
        String mount;

        @Override
        public Integer call() throws IOException {
            NetworkCredentials credentials = NetworkCredentials.openOrCreate(dir.resolve(".authority"));
            Path broker = Files.createDirectories(dir.resolve(NetworkCredentials.BROKER));
            var brokerIdentity = credentials.identity(NetworkCredentials.BROKER);
            copy(brokerIdentity.keyStore(), broker.resolve("broker.p12"));
            copy(credentials.trustStore(), broker.resolve("truststore.p12"));
            write(broker.resolve("keystore_creds"), brokerIdentity.password());
            write(broker.resolve("truststore_creds"), credentials.trustStorePassword());
            writeClientConfig(broker.resolve("client.properties"), "/etc/kafka/secrets/broker.p12",
                    brokerIdentity.password(), "/etc/kafka/secrets/truststore.p12", credentials.trustStorePassword());
            for (String member : members) {
                var identity = credentials.identity(member);
                Path folder = Files.createDirectories(dir.resolve(member));
                copy(identity.keyStore(), folder.resolve("keystore.p12"));
                copy(credentials.trustStore(), folder.resolve("truststore.p12"));
                write(folder.resolve("KAFKA_SSL_KEYSTORE_PASSWORD"), identity.password());
                write(folder.resolve("KAFKA_SSL_TRUSTSTORE_PASSWORD"), credentials.trustStorePassword());
                writeClientConfig(folder.resolve("client.properties"), mount + "/keystore.p12", identity.password(),
                        mount + "/truststore.p12", credentials.trustStorePassword());
            }
            System.out.println("Credentials of " + members + " and the broker in " + dir.toAbsolutePath());
            return 0;
        }

        private void writeClientConfig(Path file, String keyStore, String keyPassword, String trustStore,
                                       String trustPassword) throws IOException {
            Properties p = new Properties();
            p.put("bootstrap.servers", bootstrapServers);
            p.putAll(NetworkCredentials.clientProperties(keyStore, keyPassword, trustStore, trustPassword));
            try (OutputStream out = Files.newOutputStream(file)) {
                p.store(out, "Kafka client settings");
            }
        }

        private static void copy(Path from, Path to) throws IOException {
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        }

        private static void write(Path file, String content) throws IOException {
            Files.writeString(file, content);
        }
    }

    @Command(name = "grant", mixinStandardHelpOptions = true,
            description = "Creates the members' topics and grants their ACLs on a running broker (idempotent: run it "
                    + "again with the new list when a partner joins).")
    public static final class Grant implements Callable<Integer> {

        @Option(names = "--client-config", required = true, paramLabel = "FILE",
                description = "The administrator's client.properties.")
        Path clientConfig;

        @Option(names = "--partners", required = true, split = ",", paramLabel = "ID",
                description = "Every partner of the network (comma separated).")
        List<String> partners;

        @Option(names = "--replication-factor", defaultValue = "1", description = "Default: ${DEFAULT-VALUE}.")
        short replicationFactor;

        @Override
        public Integer call() {
            Properties properties = new Properties();
            try (InputStream in = Files.newInputStream(clientConfig)) {
                properties.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + clientConfig, e);
            }
            Map<String, Object> config = new HashMap<>();
            properties.forEach((k, v) -> config.put(k.toString(), v));
            try (Admin admin = Admin.create(config)) {
                NetworkAccess.of(partners).apply(admin, replicationFactor, 3);
            }
            System.out.println("Topics and ACLs granted for partners " + partners
                    + ", cabina-di-regia and audit");
            return 0;
        }
    }
}
