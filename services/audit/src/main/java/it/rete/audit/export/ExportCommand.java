package it.rete.audit.export;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import it.rete.audit.ExitCodes;
import it.rete.audit.ledger.Connection;
import it.rete.audit.ledger.LedgerEvent;
import it.rete.audit.ledger.LedgerOwners;
import it.rete.audit.ledger.LedgerReader;
import it.rete.audit.ledger.LedgerRecord;
import it.rete.audit.ledger.ReplayOptions;
import it.rete.audit.lifecycle.CaseGroups;
import it.rete.audit.lifecycle.ReferralView;
import it.rete.audit.progress.Progress;
import it.rete.audit.spill.ByteWriter;
import it.rete.audit.spill.ExternalSorter;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Exports the events of a period [from, to) by occurrence time, without personal data: coded "
                + "values and pseudonymous ids only, never free text.",
                "--shape flat (default): one row per event, in time order. --shape htcds: one row per referral sent "
                        + "in the period, as it stood at the end of the period, in the shape of the IOM Human "
                        + "Trafficking Case Data Standard case referral fields (cas_*).",
                "Exit code: 0 done, 2 usage error, 4 broker or registry unreachable."})
public class ExportCommand implements Callable<Integer> {

    public enum Shape { flat, htcds }

    @Mixin
    Connection connection;

    @Mixin
    ReplayOptions replay;

    @Option(names = "--from", required = true, paramLabel = "TIME", description = "Start of the period (included).")
    Instant from;

    @Option(names = "--to", required = true, paramLabel = "TIME", description = "End of the period (excluded).")
    Instant to;

    @Option(names = "--format", defaultValue = "csv", paramLabel = "FORMAT",
            description = "csv or jsonl (default ${DEFAULT-VALUE}).")
    ExportFormat format;

    @Option(names = "--shape", defaultValue = "flat", paramLabel = "SHAPE",
            description = "flat or htcds (default ${DEFAULT-VALUE}).")
    Shape shape;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of stdout.")
    Path output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (!from.isBefore(to)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--from " + from + " is not before --to " + to);
        }
        PrintWriter err = spec.commandLine().getErr();
        Path workDir = replay.createWorkDir();
        PrintWriter out = null;
        try (LedgerReader reader = new LedgerReader(connection)) {
            List<String> topics = replay.select(reader.ledgerTopics());
            LedgerOwners owners = new LedgerOwners(topics);
            List<TopicPartition> partitions = reader.partitions(topics);
            Map<TopicPartition, Long> end = reader.endOffsets(partitions);
            Progress progress = Progress.on(err, replay.progress(), "export");
            long rows;
            if (shape == Shape.flat) {
                try (ExternalSorter sorter = new ExternalSorter(workDir, "export", replay.memoryBudgetBytes())) {
                    // a record is published after its event occurred: nothing of the period is before this offset
                    ByteWriter key = new ByteWriter();
                    ByteWriter value = new ByteWriter();
                    reader.read(reader.offsetsAt(partitions, from, end), end, null, true, record -> {
                        if (owners.genuine(record) && inPeriod(record)) {
                            LedgerEvent e = record.ledgerEvent();
                            // occurrence time (sign bit flipped so that bytes sort as numbers), ledger, sequence
                            key.reset().putLong(e.occurredAt() ^ Long.MIN_VALUE).putRaw(e.position().topic())
                                    .putByte(0).putLong(e.sequence() ^ Long.MIN_VALUE)
                                    .putInt(e.position().partition()).putLong(e.position().offset());
                            sorter.add(key, e.encode(value.reset()));
                        }
                    }, progress);
                    out = open();
                    RowWriter writer = RowWriter.of(format, out, FlatRows.COLUMNS);
                    Iterator<ExternalSorter.Entry> sorted = sorter.sorted();
                    rows = 0;
                    while (sorted.hasNext()) {
                        writer.row(FlatRows.row(LedgerEvent.decode(sorted.next().value())));
                        rows++;
                    }
                    writer.finish();
                }
            } else {
                try (CaseGroups groups = new CaseGroups(workDir, replay.memoryBudgetBytes())) {
                    long toMillis = to.toEpochMilli();
                    reader.read(reader.beginningOffsets(partitions), reader.offsetsAt(partitions, to, end), null,
                            true, record -> {
                                if (owners.genuine(record) && record.ledgerEvent().occurredAt() < toMillis) {
                                    groups.add(record.ledgerEvent());
                                }
                            }, progress);
                    out = open();
                    RowWriter writer = RowWriter.of(format, out, HtcdsRows.COLUMNS);
                    long[] count = new long[1];
                    groups.forEachCase(c -> {
                        for (ReferralView r : c.referrals()) {
                            if (r.sentAt() >= from.toEpochMilli()) {
                                writer.row(HtcdsRows.row(c, r));
                                count[0]++;
                            }
                        }
                    }, v -> { });
                    writer.finish();
                    rows = count[0];
                }
            }
            err.println(String.format(Locale.ROOT, "replay: %d events in %.2f s, %.0f events/s; %d rows exported",
                    progress.done(), progress.elapsed().toMillis() / 1000.0, progress.rate(), rows));
            err.flush();
            return ExitCodes.OK;
        } finally {
            if (out != null && output != null) {
                out.close();
            }
            ReplayOptions.deleteWorkDir(workDir);
        }
    }

    private boolean inPeriod(LedgerRecord record) {
        long at = record.ledgerEvent().occurredAt();
        return at >= from.toEpochMilli() && at < to.toEpochMilli();
    }

    private PrintWriter open() {
        if (output == null) {
            return spec.commandLine().getOut();
        }
        try {
            return new PrintWriter(new OutputStreamWriter(Files.newOutputStream(output), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + output, e);
        }
    }
}
