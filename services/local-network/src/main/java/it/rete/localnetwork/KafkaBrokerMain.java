package it.rete.localnetwork;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import it.rete.localnetwork.security.NetworkCredentials;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The local network's Kafka broker as a process of its own: the same data directory layout and the same mutual TLS
 * and ACL settings as {@link EmbeddedKafkaBroker#startSecured}, so the broker can be killed and started again
 * independently of the services that use it. Prints {@value #READY} and the bootstrap servers once ready; SIGTERM
 * shuts it down cleanly.
 */
@Command(name = "kafka-broker", mixinStandardHelpOptions = true,
        description = "Runs the local network's secured Kafka broker (KRaft, one node) in this process.")
public final class KafkaBrokerMain implements Callable<Integer> {

    /** The line printed once the broker serves clients, followed by its bootstrap servers. */
    public static final String READY = "Kafka broker ready at ";

    @Option(names = "--data-dir", required = true, paramLabel = "DIR",
            description = "Kafka's data directory (formatted at the first start, reused afterwards).")
    Path dataDir;

    @Option(names = "--port", defaultValue = "9092", paramLabel = "PORT",
            description = "Client port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--secrets", required = true, paramLabel = "DIR",
            description = "The network's credentials directory (certificates are created there if missing).")
    Path secrets;

    public static void main(String[] args) {
        System.exit(new CommandLine(new KafkaBrokerMain()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        NetworkCredentials credentials = NetworkCredentials.openOrCreate(secrets);
        // the broker's own shutdown hook closes it on SIGTERM
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startSecured(dataDir, port, credentials);
        System.out.println(READY + broker.bootstrapServers());
        System.out.flush();
        new CountDownLatch(1).await();
        return 0;
    }
}
