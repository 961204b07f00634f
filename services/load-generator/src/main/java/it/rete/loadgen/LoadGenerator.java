package it.rete.loadgen;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Drives the running local network with referral stories at offered rates and prints, for each rate, the REST
 * API's latency and throughput and the end-to-end latency from a commit at one partner to its application at the
 * other (see {@link LoadPhase}).
 */
@Command(name = "load-generator", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Drives the running local network (./start-local-network.sh) with referral stories between "
                + "partners at the offered rates, then prints REST API latency and throughput and the end-to-end "
                + "latency from the commit of the request that wrote an event at one partner (before the event "
                + "is sequenced and published) to its application at another.",
                "Operator keys and database ports are read from the local network's data directory."},
        footer = {"", "Example:", "  java -jar services/load-generator/target/load-generator.jar --rates 500,1000,max"})
public final class LoadGenerator implements Callable<Integer> {

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = ".local-network",
            description = "The local network's data directory (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--partners", paramLabel = "ID:PORT[,ID:PORT...]",
            defaultValue = "prefettura-sui:8101,lule-outreach:8102",
            description = "Partners to drive and their API ports, at least two (default: ${DEFAULT-VALUE}).")
    String partnerSpec;

    @Option(names = "--rates", paramLabel = "RATE[,RATE...]", defaultValue = "500,1000,max",
            description = "Offered operations/s, one phase each; 'max' for the saturated throughput "
                    + "(default: ${DEFAULT-VALUE}).")
    String rates;

    @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "30",
            description = "Measured seconds per phase (default: ${DEFAULT-VALUE}).")
    int durationSeconds;

    @Option(names = "--warmup", paramLabel = "SECONDS", defaultValue = "10",
            description = "Unmeasured seconds at the start of each phase (default: ${DEFAULT-VALUE}).")
    int warmupSeconds;

    @Option(names = "--max-in-flight", paramLabel = "N", defaultValue = "256",
            description = "Requests in flight at most; a slot that finds them all busy is counted as skipped "
                    + "(default: ${DEFAULT-VALUE}).")
    int maxInFlight;

    @Option(names = "--saturation-concurrency", paramLabel = "N", defaultValue = "32",
            description = "Requests kept in flight for 'max' (default: ${DEFAULT-VALUE}).")
    int saturationConcurrency;

    @Option(names = "--drain", paramLabel = "SECONDS", defaultValue = "60",
            description = "How long to wait for the window's events to be applied (default: ${DEFAULT-VALUE}).")
    int drainSeconds;

    @Option(names = "--watch-interval", paramLabel = "MS", defaultValue = "100",
            description = "How often the partners' databases are asked which stories can take their next step "
                    + "(each ask names every waiting story: the client's own load on the network) "
                    + "(default: ${DEFAULT-VALUE}).")
    long watchIntervalMillis;

    private final PrintStream out = System.out;

    public static void main(String[] args) {
        System.exit(new CommandLine(new LoadGenerator()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (watchIntervalMillis < 1) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--watch-interval must be at least 1 ms");
        }
        List<LoadPhase.Partner> partners = new ArrayList<>();
        for (String item : partnerSpec.split(",")) {
            String[] parts = item.trim().split(":");
            if (parts.length != 2) {
                throw new CommandLine.ParameterException(new CommandLine(this), "Expected ID:PORT, got " + item);
            }
            partners.add(new LoadPhase.Partner(parts[0], URI.create("http://127.0.0.1:" + parts[1]),
                    operatorKey(parts[0]), PartnerDatabase.of(dataDir, parts[0])));
        }
        if (partners.size() < 2) {
            throw new CommandLine.ParameterException(new CommandLine(this), "At least two partners are needed");
        }
        ExecutorService executor = Executors.newFixedThreadPool(4);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor)
                .connectTimeout(Duration.ofSeconds(5)).build();
        out.printf("Load on %s, %d s measured after %d s warm-up per phase, %d cores%n", partnerSpec,
                durationSeconds, warmupSeconds, Runtime.getRuntime().availableProcessors());
        try {
            for (String rate : rates.split(",")) {
                boolean saturated = rate.trim().equalsIgnoreCase("max");
                double offered = saturated ? 0 : Double.parseDouble(rate.trim());
                String label = saturated ? "saturated (" + saturationConcurrency + " in flight)"
                        : String.format("%.0f ops/s offered", offered);
                LoadPhase.Result result = new LoadPhase(partners, offered,
                        saturated ? saturationConcurrency : maxInFlight, Duration.ofSeconds(warmupSeconds),
                        Duration.ofSeconds(durationSeconds), Duration.ofSeconds(drainSeconds),
                        Duration.ofMillis(watchIntervalMillis), http).run(label);
                print(result);
            }
        } finally {
            executor.shutdownNow();
        }
        return 0;
    }

    private void print(LoadPhase.Result r) {
        out.printf("%n%s%n", r.label());
        out.printf("  REST API     : %.1f ops/s acknowledged (%d in %.0f s), %d errors, %d skipped; %s%n",
                r.acknowledged() / r.measuredSeconds(), r.acknowledged(), r.measuredSeconds(), r.errors(),
                r.skipped(), r.rest());
        out.printf("  end to end   : request's commit at writer -> applied at reader: %s; %.1f events applied/s; "
                + "%d not applied within the drain time%n", r.endToEnd(), r.eventsAppliedPerSecond(), r.notApplied());
        out.printf("    of which   : request's commit -> placed in the ledger (sequencer's commit): %s%n",
                r.toLedger());
        out.printf("                 placed in the ledger -> applied at reader: %s%n", r.fromLedger());
    }

    private String operatorKey(String partnerId) {
        Path file = dataDir.resolve(partnerId).resolve("operator.key");
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), "Cannot read " + file
                    + " (the local network writes it at its first start): is --data-dir the network's?", e);
        }
    }
}
