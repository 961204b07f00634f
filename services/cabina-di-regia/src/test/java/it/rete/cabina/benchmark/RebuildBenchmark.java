package it.rete.cabina.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import it.rete.cabina.CabinaApplication;
import it.rete.cabina.rebuild.LedgerConsumption;
import it.rete.cabina.support.Events;
import it.rete.cabina.support.Events.LedgerEvent;
import it.rete.cabina.support.Ledgers;
import it.rete.contracts.DeclineReason;
import it.rete.contracts.IntakeChannel;
import it.rete.contracts.PlacementKind;
import it.rete.contracts.Sector;
import it.rete.contracts.ServiceType;
import it.rete.localnetwork.EmbeddedKafkaBroker;
import it.rete.localnetwork.SchemaRegistryServer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Rebuild speed: writes N generated events (whole case stories over three ledgers) to a real embedded broker, then
 * times how fast the cabina di regia projects them all, first on an empty store (first start), then on demand
 * (POST /api/rebuild: clear and replay). Prints events/s.
 *
 * <pre>mvn -o -q -pl services/cabina-di-regia -Pbenchmark test-compile exec:java -Dbenchmark.events=50000</pre>
 */
public final class RebuildBenchmark {

    private static final String[] PARTNERS = {"prefettura-sui", "lule-outreach", "cpi-mantova"};
    private static final String[] TERRITORIES = {"Mantova", "Castiglione delle Stiviere", "Sermide", "Viadana",
            "Suzzara", "Asola"};

    public static void main(String[] args) throws Exception {
        int events = Integer.parseInt(System.getProperty("benchmark.events", "50000"));
        int consumers = Integer.parseInt(System.getProperty("benchmark.consumers", "1"));
        Path workDir = Files.createTempDirectory("rete-cabina-benchmark-");
        System.out.printf("Rebuild benchmark: %d events, %d consumer thread(s), %d cores, work dir %s%n", events,
                consumers, Runtime.getRuntime().availableProcessors(), workDir);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(workDir.resolve("kafka"), 0);
             SchemaRegistryServer registry = SchemaRegistryServer.start(workDir.resolve("registry"), 0);
             Ledgers ledgers = new Ledgers(broker.bootstrapServers(), registry.url())) {
            List<LedgerEvent> history = history(events);
            long t0 = System.nanoTime();
            ledgers.publish(history);
            System.out.printf("Wrote %d events to %d ledgers in %.1f s%n", history.size(), PARTNERS.length,
                    seconds(t0));

            String[] cabinaArgs = Map.of(
                            "rete.data-dir", workDir.resolve("cabina").toString(),
                            "spring.kafka.bootstrap-servers", broker.bootstrapServers(),
                            "spring.kafka.properties.schema.registry.url", registry.url(),
                            "rete.cabina.consumers", String.valueOf(consumers),
                            "server.port", "0",
                            "logging.level.root", "WARN",
                            "spring.main.banner-mode", "off")
                    .entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
            long started = System.nanoTime();
            try (ConfigurableApplicationContext cabina = new SpringApplicationBuilder(CabinaApplication.class)
                    .run(cabinaArgs)) {
                System.out.printf("Cabina di regia started in %.1f s; it reads every ledger from the beginning%n",
                        seconds(started));
                JdbcTemplate jdbc = cabina.getBean(JdbcTemplate.class);
                long first = System.nanoTime();
                awaitProjected(jdbc, history.size());
                report("First start (empty store)", history.size(), seconds(first));

                long rebuild = System.nanoTime();
                cabina.getBean(LedgerConsumption.class).rebuild();
                awaitProjected(jdbc, history.size());
                report("Rebuild on demand (clear + replay)", history.size(), seconds(rebuild));
            }
        } finally {
            deleteQuietly(workDir);
        }
        System.exit(0);
    }

    /** Case stories until {@code target} events: opened, referred, answered, placed, completed, closed. */
    static List<LedgerEvent> history(int target) {
        Random random = new Random(42);
        Events events = new Events();
        List<LedgerEvent> history = new ArrayList<>(target + 8);
        Instant start = Instant.parse("2024-01-01T08:00:00Z");
        while (history.size() < target) {
            String owner = PARTNERS[random.nextInt(PARTNERS.length)];
            String addressee = PARTNERS[(List.of(PARTNERS).indexOf(owner) + 1 + random.nextInt(2)) % 3];
            String caseId = UUID.randomUUID().toString();
            UUID referral = UUID.randomUUID();
            Instant opened = start.plus(Duration.ofMinutes(random.nextInt(60 * 24 * 700)));
            history.add(events.caseOpened(owner, caseId, opened, TERRITORIES[random.nextInt(TERRITORIES.length)],
                    Sector.values()[random.nextInt(Sector.values().length)],
                    IntakeChannel.values()[random.nextInt(IntakeChannel.values().length)]));
            Instant sent = opened.plus(Duration.ofHours(1 + random.nextInt(48)));
            history.add(events.referralSent(owner, caseId, referral, addressee,
                    ServiceType.values()[random.nextInt(ServiceType.values().length)], sent,
                    sent.plus(Duration.ofDays(7))));
            Instant answered = sent.plus(Duration.ofHours(1 + random.nextInt(200)));
            int outcome = random.nextInt(10);
            if (outcome < 6) {
                history.add(events.accepted(addressee, caseId, referral, owner, answered));
                history.add(events.placement(addressee, caseId, referral, owner,
                        PlacementKind.values()[random.nextInt(PlacementKind.values().length)],
                        answered.plus(Duration.ofDays(1 + random.nextInt(60)))));
                history.add(events.completed(addressee, caseId, referral, owner,
                        answered.plus(Duration.ofDays(61 + random.nextInt(30)))));
                history.add(events.caseClosed(owner, caseId, answered.plus(Duration.ofDays(95))));
            } else if (outcome < 8) {
                history.add(events.declined(addressee, caseId, referral, owner,
                        DeclineReason.values()[random.nextInt(DeclineReason.values().length - 1)], answered));
            } else if (outcome < 9) {
                history.add(events.withdrawn(owner, caseId, referral, addressee, answered));
            } // else still pending
        }
        return history;
    }

    private static void awaitProjected(JdbcTemplate jdbc, long expected) throws InterruptedException {
        long lastReport = System.nanoTime();
        while (true) {
            Long projected = jdbc.queryForObject("select count(*) from processed_event", Long.class);
            if (projected != null && projected >= expected) {
                return;
            }
            if (System.nanoTime() - lastReport > 10_000_000_000L) {
                System.out.printf("  ... %d of %d projected%n", projected, expected);
                lastReport = System.nanoTime();
            }
            Thread.sleep(100);
        }
    }

    private static void report(String what, int events, double seconds) {
        System.out.printf("%-36s %d events in %.1f s = %,.0f events/s%n", what + ":", events, seconds,
                events / seconds);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (Exception e) {
            System.err.println("Could not delete " + dir + ": " + e);
        }
    }
}
