package it.rete.audit.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import it.rete.contracts.CaseClosed;
import it.rete.contracts.CaseClosureReason;
import it.rete.contracts.CaseOpened;
import it.rete.contracts.ConsentPurpose;
import it.rete.contracts.ConsentRecorded;
import it.rete.contracts.ContractType;
import it.rete.contracts.Envelope;
import it.rete.contracts.IntakeChannel;
import it.rete.contracts.PlacementKind;
import it.rete.contracts.PlacementMade;
import it.rete.contracts.ReferralAccepted;
import it.rete.contracts.ReferralCompleted;
import it.rete.contracts.ReferralOutcome;
import it.rete.contracts.ReferralSent;
import it.rete.contracts.Sector;
import it.rete.contracts.ServiceType;
import it.rete.contracts.Urgency;
import it.rete.localnetwork.EmbeddedKafkaBroker;
import it.rete.localnetwork.SchemaRegistryServer;
import it.rete.plumbing.ledger.LedgerTopics;
import it.rete.plumbing.outbox.HashChain;
import it.rete.plumbing.outbox.LedgerPosition;
import it.rete.plumbing.serde.AvroSerdeConfig;
import it.rete.plumbing.serde.AvroSerializer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Replay benchmark: generates a valid history (correct chains, legal lifecycle) of N events on two partner ledgers,
 * then measures on the same topics Kafka's own {@code ConsumerPerformance} (the raw consumer throughput) and the
 * audit jar's {@code verify} and {@code state}, each as its own JVM with a small heap, and prints events/s side by
 * side. Not part of the build: {@code mvn -o -pl services/audit -Pbenchmark verify -DskipTests}. With
 * {@code --hold=FILE} it only generates the history and serves it (addresses written to FILE) until FILE is
 * deleted, for repeated runs by hand.
 */
public final class ReplayBenchmark {

    private static final String SENDER = "bench-pref";
    private static final String ADDRESSEE = "bench-lule";
    private static final Pattern REPLAY = Pattern.compile("replay: (\\d+) events in ([0-9.]+) s, (\\d+) events/s");

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new java.util.HashMap<>();
        for (String arg : args) {
            String[] kv = arg.replaceFirst("^--", "").split("=", 2);
            options.put(kv[0], kv.length > 1 ? kv[1] : "true");
        }
        int events = Integer.parseInt(options.getOrDefault("events", "1000000"));
        Path jar = Path.of(options.getOrDefault("audit-jar", "services/audit/target/audit.jar"));
        // the tool is launched as users launch it, by bin/audit (its JVM settings); blank: the launcher's heap
        Path launcher = Path.of(options.getOrDefault("audit-launcher", "services/audit/bin/audit"));
        String xmx = options.getOrDefault("audit-xmx", "").trim();
        // e.g. -XX:StartFlightRecording=filename=verify.jfr to see what dominates a replay
        String jvmArgs = options.getOrDefault("audit-jvm-args", "");
        Path dir = Files.createTempDirectory("rete-audit-bench-");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0);
             SchemaRegistryServer registry = SchemaRegistryServer.start(dir.resolve("schema-registry"), 0)) {
            String bootstrap = broker.bootstrapServers();
            long start = System.nanoTime();
            long bytes = generate(bootstrap, registry.url(), events);
            double generateSeconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "generated %,d events (%,.1f MB of values) on %s and %s in %.1f s%n",
                    events, bytes / 1e6, LedgerTopics.ledger(SENDER), LedgerTopics.ledger(ADDRESSEE),
                    generateSeconds);

            if (!options.getOrDefault("hold", "").isBlank()) {
                // serve the generated history for runs by hand until the file named by --hold is deleted
                Path hold = Path.of(options.get("hold"));
                Files.writeString(hold, "bootstrap=" + bootstrap + "\nregistry=" + registry.url() + "\n");
                System.out.printf("serving %s and %s until %s is deleted%n", bootstrap, registry.url(), hold);
                while (Files.exists(hold)) {
                    Thread.sleep(500);
                }
                return;
            }
            List<Measure> results = new ArrayList<>();
            results.add(consumerPerformance(bootstrap, events, "ConsumerPerformance (1)"));
            String[] connection = {"--bootstrap-servers", bootstrap, "--registry-url", registry.url(),
                    "--partners", SENDER + "," + ADDRESSEE, "--no-progress"};
            // the first replay after a build writes the launcher's class-data archive; the second maps it
            results.add(audit(launcher, jar, xmx, jvmArgs, "audit verify (1)", concat(new String[] {"verify"},
                    connection)));
            results.add(audit(launcher, jar, xmx, jvmArgs, "audit verify (2)", concat(new String[] {"verify"},
                    connection)));
            results.add(audit(launcher, jar, xmx, jvmArgs, "audit state", concat(new String[] {"state", "--at",
                    Instant.now().toString()}, connection)));
            results.add(consumerPerformance(bootstrap, events, "ConsumerPerformance (2)"));

            double raw = results.stream().filter(m -> m.name().startsWith("ConsumerPerformance"))
                    .mapToDouble(Measure::eventsPerSecond).max().orElseThrow();
            System.out.println();
            System.out.printf(Locale.ROOT, "%-26s %12s %10s %9s %12s %s%n", "run", "events/s", "vs raw", "wall s",
                    "peak RSS MB", "notes");
            for (Measure m : results) {
                System.out.printf(Locale.ROOT, "%-26s %,12.0f %9.2fx %9.1f %12s %s%n", m.name(), m.eventsPerSecond(),
                        m.eventsPerSecond() / raw, m.wallSeconds(), m.peakRssMb() < 0 ? "-" : m.peakRssMb(),
                        m.notes());
            }
            System.out.printf(Locale.ROOT, "raw = best ConsumerPerformance fetch.nMsg.sec; audit launched by %s%s; %d "
                    + "available processors%n", launcher, xmx.isEmpty() && jvmArgs.isBlank() ? ""
                    : " with AUDIT_JAVA_OPTS=" + auditJavaOpts(xmx, jvmArgs, "{name}"),
                    Runtime.getRuntime().availableProcessors());
        } finally {
            deleteTree(dir);
        }
    }

    record Measure(String name, double eventsPerSecond, double wallSeconds, long peakRssMb, String notes) {
    }

    // ---- history ----------------------------------------------------------------------------------------------

    /** Cases of 7 events (4 on the sender's ledger, 3 on the addressee's), interleaved 100 at a time. */
    static long generate(String bootstrap, String registryUrl, int events) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(LedgerTopics.ledgerTopic(SENDER, 3, (short) 1),
                    LedgerTopics.ledgerTopic(ADDRESSEE, 3, (short) 1))).all().get();
        }
        AvroSerializer serializer = new AvroSerializer();
        serializer.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl,
                AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY, "RecordNameStrategy"), false);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(64 * 1024 * 1024));
        Ledger sender = new Ledger(SENDER);
        Ledger addressee = new Ledger(ADDRESSEE);
        AtomicReference<Exception> failure = new AtomicReference<>();
        long bytes = 0;
        long written = 0;
        Instant base = Instant.parse("2026-01-01T00:00:00Z");
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            int blockSize = 100;
            long caseNumber = 0;
            while (written < events) {
                int cases = (int) Math.min(blockSize, (events - written + 6) / 7);
                CaseFlow[] block = new CaseFlow[cases];
                for (int i = 0; i < cases; i++) {
                    block[i] = new CaseFlow(UUID.randomUUID().toString(), UUID.randomUUID());
                }
                for (int step = 0; step < 7 && written < events; step++) {
                    for (int i = 0; i < cases && written < events; i++) {
                        Instant at = base.plusMillis(10 * (caseNumber + i) + step);
                        var out = block[i].step(step, sender, addressee, at, serializer);
                        bytes += out.value().length;
                        written++;
                        producer.send(out, (m, e) -> {
                            if (e != null) {
                                failure.compareAndSet(null, e);
                            }
                        });
                    }
                }
                caseNumber += cases;
                if (failure.get() != null) {
                    throw failure.get();
                }
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return bytes;
    }

    /** A partner's ledger head, as the outbox keeps it. */
    static final class Ledger {
        final String partner;
        final String topic;
        final String ceSource;
        LedgerPosition head = LedgerPosition.genesis();

        Ledger(String partner) {
            this.partner = partner;
            this.topic = LedgerTopics.ledger(partner);
            this.ceSource = "/rete/partners/" + partner;
        }

        Envelope envelope(String caseId, UUID cause, Instant at, UUID eventId) {
            return Envelope.newBuilder().setEventId(eventId).setOccurredAt(at).setSourcePartnerId(partner)
                    .setCaseId(caseId).setCorrelationId(caseId).setCausationId(cause).setSequence(head.sequence())
                    .setPreviousEventHash(head.previousEventHash()).build();
        }

        ProducerRecord<String, byte[]> append(String caseId, UUID eventId, Instant at, SpecificRecord event,
                AvroSerializer serializer) {
            byte[] value = serializer.serialize(topic, event);
            head = head.next(HashChain.eventHash(value));
            var record = new ProducerRecord<>(topic, null, at.toEpochMilli() + 100, caseId, value);
            record.headers().add(new RecordHeader("ce_id", eventId.toString().getBytes(StandardCharsets.UTF_8)));
            record.headers().add(new RecordHeader("ce_type",
                    event.getSchema().getFullName().getBytes(StandardCharsets.UTF_8)));
            record.headers().add(new RecordHeader("ce_source", ceSource.getBytes(StandardCharsets.UTF_8)));
            record.headers().add(new RecordHeader("ce_subject", caseId.getBytes(StandardCharsets.UTF_8)));
            return record;
        }
    }

    /** One case through the referral story, one step at a time. */
    static final class CaseFlow {
        final String caseId;
        final UUID referralId;
        UUID lastReferralEvent;

        CaseFlow(String caseId, UUID referralId) {
            this.caseId = caseId;
            this.referralId = referralId;
        }

        ProducerRecord<String, byte[]> step(int step, Ledger s, Ledger d, Instant at, AvroSerializer serializer) {
            UUID id = UUID.randomUUID();
            return switch (step) {
                case 0 -> s.append(caseId, id, at, CaseOpened.newBuilder().setEnvelope(s.envelope(caseId, null, at, id))
                        .setTerritory("Mantova").setSector(Sector.AGRICULTURE)
                        .setIntakeChannel(IntakeChannel.OUTREACH_TEAM).setPreferredLanguage("pa")
                        .setVulnerabilityFlags(List.of()).build(), serializer);
                case 1 -> s.append(caseId, id, at, ConsentRecorded.newBuilder()
                        .setEnvelope(s.envelope(caseId, null, at, id))
                        .setPurposes(List.of(ConsentPurpose.REFERRAL)).setAllowedRecipients(List.of(d.partner))
                        .build(), serializer);
                case 2 -> {
                    lastReferralEvent = id;
                    yield s.append(caseId, id, at, ReferralSent.newBuilder().setEnvelope(s.envelope(caseId, null, at, id))
                            .setReferralId(referralId).setToPartnerId(d.partner)
                            .setServiceType(ServiceType.JOB_ORIENTATION).setUrgency(Urgency.ROUTINE)
                            .setDueBy(at.plusSeconds(7 * 86400)).build(), serializer);
                }
                case 3 -> next(d, id, at, ReferralAccepted.newBuilder()
                        .setEnvelope(d.envelope(caseId, lastReferralEvent, at, id)).setReferralId(referralId)
                        .setSenderPartnerId(s.partner).build(), serializer);
                case 4 -> next(d, id, at, PlacementMade.newBuilder()
                        .setEnvelope(d.envelope(caseId, lastReferralEvent, at, id)).setPlacementId(UUID.randomUUID())
                        .setReferralId(referralId).setSenderPartnerId(s.partner)
                        .setKind(PlacementKind.REGULAR_EMPLOYMENT).setContractType(ContractType.SEASONAL)
                        .setStartDate(LocalDate.of(2026, 6, 1)).build(), serializer);
                case 5 -> next(d, id, at, ReferralCompleted.newBuilder()
                        .setEnvelope(d.envelope(caseId, lastReferralEvent, at, id)).setReferralId(referralId)
                        .setSenderPartnerId(s.partner).setOutcome(ReferralOutcome.SUCCESSFUL).build(), serializer);
                default -> s.append(caseId, id, at, CaseClosed.newBuilder().setEnvelope(s.envelope(caseId, null, at, id))
                        .setReason(CaseClosureReason.GOALS_MET).build(), serializer);
            };
        }

        private ProducerRecord<String, byte[]> next(Ledger d, UUID id, Instant at, SpecificRecord event,
                AvroSerializer serializer) {
            lastReferralEvent = id;
            return d.append(caseId, id, at, event, serializer);
        }
    }

    // ---- measurements -----------------------------------------------------------------------------------------

    static Measure consumerPerformance(String bootstrap, int events, String name) throws Exception {
        // the same quiet logging as this JVM's: ConsumerPerformance's figures are parsed from its output
        List<String> command = List.of(java(), "-Xmx512m",
                "-Dlogback.configurationFile=" + System.getProperty("logback.configurationFile"),
                "-cp", System.getProperty("java.class.path"),
                "org.apache.kafka.tools.ConsumerPerformance", "--bootstrap-server", bootstrap,
                "--include", "rete\\.bench-.*\\.events", "--messages", String.valueOf(events),
                "--timeout", "120000", "--group", "bench-" + UUID.randomUUID());
        Run run = run(command);
        // start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec,
        // rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec
        String[] last = run.out().strip().lines().reduce((a, b) -> b).orElse("").split(",\\s*");
        if (run.exitCode() != 0 || last.length < 10) {
            throw new IllegalStateException("ConsumerPerformance failed:\n" + run.out() + run.err());
        }
        double fetchRate = Double.parseDouble(last[9].trim());
        return new Measure(name, fetchRate, run.wallSeconds(), run.peakRssMb(), String.format(Locale.ROOT,
                "%s msgs, overall %s msg/s incl. group join %s ms; CPU %.1f s", last[4].trim(), last[5].trim(),
                last[6].trim(), run.cpuSeconds()));
    }

    /** Settings added to the launcher's: a heap when given, then {@code jvmArgs} ({name}: the run's name). */
    static String auditJavaOpts(String xmx, String jvmArgs, String name) {
        return ((xmx.isEmpty() ? "" : "-Xmx" + xmx + " ") + jvmArgs.trim().replace("{name}", name.replace(' ', '-')))
                .trim();
    }

    static Measure audit(Path launcher, Path jar, String xmx, String jvmArgs, String name, String[] args)
            throws Exception {
        // the launcher execs java: the process measured is the tool's JVM
        List<String> command = new ArrayList<>(List.of("sh", launcher.toString()));
        command.addAll(List.of(args));
        Run run = run(command, Map.of("AUDIT_JAR", jar.toString(), "AUDIT_JAVA_OPTS",
                auditJavaOpts(xmx, jvmArgs, name), "JAVA_HOME", System.getProperty("java.home"),
                "PATH", Path.of(java()).getParent() + java.io.File.pathSeparator + System.getenv("PATH")));
        Matcher m = REPLAY.matcher(run.err());
        if (!m.find()) {
            throw new IllegalStateException(name + " failed (exit " + run.exitCode() + "):\n" + run.out() + run.err());
        }
        String summary = run.out().lines().filter(l -> l.startsWith("verify:") || l.startsWith("Referrals:"))
                .findFirst().orElse("");
        return new Measure(name, Double.parseDouble(m.group(3)), run.wallSeconds(), run.peakRssMb(),
                "exit " + run.exitCode() + ", replay " + m.group(2) + " s, CPU "
                        + String.format(Locale.ROOT, "%.1f", run.cpuSeconds()) + " s; " + summary);
    }

    /** @param cpuSeconds user + system CPU time of the process, as last sampled before it exited */
    record Run(int exitCode, String out, String err, double wallSeconds, long peakRssMb, double cpuSeconds) {
    }

    /** Runs a JVM, sampling its resident set size. */
    static Run run(List<String> command) throws Exception {
        return run(command, Map.of());
    }

    /** Runs a JVM with {@code env} added to the environment, sampling its resident set size. */
    static Run run(List<String> command, Map<String, String> env) throws Exception {
        Path out = Files.createTempFile("bench-out", ".txt");
        Path err = Files.createTempFile("bench-err", ".txt");
        long start = System.nanoTime();
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        long peakKb = -1;
        double cpuSeconds = -1;
        try {
            while (!process.waitFor(100, TimeUnit.MILLISECONDS)) {
                peakKb = Math.max(peakKb, rssKb(process.pid()));
                cpuSeconds = Math.max(cpuSeconds, cpuSeconds(process.pid()));
                if (System.nanoTime() - start > TimeUnit.MINUTES.toNanos(15)) {
                    throw new IllegalStateException("timed out: " + command);
                }
            }
            double wall = (System.nanoTime() - start) / 1e9;
            return new Run(process.exitValue(), Files.readString(out), Files.readString(err), wall,
                    peakKb < 0 ? -1 : peakKb / 1024, cpuSeconds);
        } finally {
            process.destroyForcibly();
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** utime + stime of /proc/PID/stat (fields 14 and 15, in clock ticks of 1/100 s). */
    private static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
        } catch (IOException | RuntimeException e) {
            return -1; // the process has just exited
        }
    }

    private static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process has just exited
        }
        return -1;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static void deleteTree(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // temporary directory
        }
    }

    private ReplayBenchmark() {
    }
}
