package it.rete.audit.verify;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import it.rete.audit.AuditException;
import it.rete.audit.ExitCodes;
import it.rete.audit.lifecycle.CaseGroups;
import it.rete.audit.ledger.Connection;
import it.rete.audit.ledger.LedgerReader;
import it.rete.audit.ledger.ReplayOptions;
import it.rete.audit.progress.Progress;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Checks every partner ledger from its first record: per-partner sequence numbers without gaps "
                + "or repeats, each event's previous-event hash, the writer of each record (ledger owner, "
                + "ce_source), event ids used once, causation ids naming existing events, and every case and "
                + "referral change allowed by the lifecycle.",
                "Prints one line per violation with its topic, partition and offset, then a summary.",
                "Exit code: 0 no violation, 1 violations found, 2 usage error, 3 no ledger found, 4 broker or "
                        + "registry unreachable."})
public class VerifyCommand implements Callable<Integer> {

    @Mixin
    Connection connection;

    @Mixin
    ReplayOptions replay;

    @Option(names = "--reorder-buffer", paramLabel = "EVENTS", defaultValue = "10000",
            description = "Events held per partition while merging a ledger's partitions by sequence "
                    + "(default ${DEFAULT-VALUE}).")
    int reorderBuffer;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Map<ViolationKind, Integer> counts = new EnumMap<>(ViolationKind.class);
        java.util.function.Consumer<Violation> report = v -> {
            counts.merge(v.kind(), 1, Integer::sum);
            out.println(v.line());
        };
        Path workDir = replay.createWorkDir();
        long budget = replay.memoryBudgetBytes();
        try (LedgerReader reader = new LedgerReader(connection);
             CausationIndex causations = new CausationIndex(workDir, budget / 2);
             CaseGroups cases = new CaseGroups(workDir, budget / 2)) {
            List<String> topics = replay.select(reader.ledgerTopics());
            if (topics.isEmpty()) {
                throw new AuditException(ExitCodes.NOT_FOUND, "No partner ledger (rete.<partner>.events) on "
                        + connection.bootstrapServers());
            }
            List<TopicPartition> partitions = reader.partitions(topics);
            Map<TopicPartition, Long> from = reader.beginningOffsets(partitions);
            Map<TopicPartition, Long> to = reader.endOffsets(partitions);
            Map<String, LedgerCheck> checks = new LinkedHashMap<>();
            for (String topic : topics) {
                List<Integer> numbers = partitions.stream().filter(tp -> tp.topic().equals(topic))
                        .map(TopicPartition::partition).toList();
                checks.put(topic, new LedgerCheck(topic, numbers, reorderBuffer, report, event -> {
                    causations.addId(event);
                    cases.add(event);
                }));
            }
            reader.hashValues(true);
            Progress progress = Progress.on(err, replay.progress(), "verify");
            reader.read(from, to, null, true, new LedgerReader.Handler() {
                @Override
                public void accept(it.rete.audit.ledger.LedgerRecord record) {
                    checks.get(record.position().topic()).offer(record);
                }

                @Override
                public void afterBatch(LedgerReader.Control control) {
                    for (LedgerCheck check : checks.values()) {
                        check.drain(p -> control.exhausted(new TopicPartition(check.topic(), p))
                                || check.bufferFull(p), false);
                        for (TopicPartition tp : partitions) {
                            if (tp.topic().equals(check.topic())) {
                                if (check.bufferFull(tp.partition())) {
                                    control.pause(tp);
                                } else {
                                    control.resume(tp);
                                }
                            }
                        }
                    }
                }
            }, progress);
            for (LedgerCheck check : checks.values()) {
                check.drain(p -> true, true);
            }
            // a cause is looked for in its own case first; the few that are not there, among every event after
            cases.causesOutsideCases(causations::addCausation);
            cases.forEachCase(view -> view.violations().forEach(report), report);
            causations.check(report);
            long events = checks.values().stream().mapToLong(LedgerCheck::events).sum();
            err.println(String.format(Locale.ROOT, "replay: %d events in %.2f s, %.0f events/s", progress.done(),
                    progress.elapsed().toMillis() / 1000.0, progress.rate()));
            for (LedgerCheck check : checks.values()) {
                out.println(String.format(Locale.ROOT, "ledger %s: %d records, last sequence %d", check.topic(),
                        check.events(), check.lastSequence()));
            }
            int total = counts.values().stream().mapToInt(Integer::intValue).sum();
            if (total == 0) {
                out.println(String.format(Locale.ROOT, "verify: %d ledgers, %d events, 0 violations: OK",
                        checks.size(), events));
                out.flush();
                return ExitCodes.OK;
            }
            out.println(String.format(Locale.ROOT, "verify: %d ledgers, %d events, %d violations (%s): FAILED",
                    checks.size(), events, total, counts.entrySet().stream()
                            .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "))));
            out.flush();
            return ExitCodes.VIOLATIONS;
        } finally {
            ReplayOptions.deleteWorkDir(workDir);
        }
    }
}
