package it.rete.audit.state;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import it.rete.audit.AuditException;
import it.rete.audit.ExitCodes;
import it.rete.audit.ledger.Connection;
import it.rete.audit.ledger.LedgerEvent;
import it.rete.audit.ledger.LedgerOwners;
import it.rete.audit.ledger.LedgerReader;
import it.rete.audit.ledger.ReplayOptions;
import it.rete.audit.lifecycle.CaseFold;
import it.rete.audit.lifecycle.CaseGroups;
import it.rete.audit.lifecycle.CaseStatus;
import it.rete.audit.lifecycle.CaseView;
import it.rete.audit.lifecycle.ReferralState;
import it.rete.audit.lifecycle.ReferralView;
import it.rete.audit.progress.Progress;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "state", mixinStandardHelpOptions = true,
        description = {"The state of every case and referral as it was at an instant: the events on the ledgers "
                + "at that instant (each partition read up to the offset found by timestamp) replayed through the "
                + "lifecycle, summarised; or one case in detail (--case); or every case and referral (--list).",
                "Exit code: 0 done, 2 usage error, 3 the case has no event up to that instant, 4 broker or registry "
                        + "unreachable."})
public class StateCommand implements Callable<Integer> {

    @Mixin
    Connection connection;

    @Mixin
    ReplayOptions replay;

    @Option(names = "--at", required = true, paramLabel = "TIME",
            description = "The instant, ISO-8601: 2026-11-23T10:15:30Z, 2026-11-23T11:15:30+01:00, a local "
                    + "date-time or a date (local time zone).")
    Instant at;

    @Option(names = "--case", paramLabel = "CASE-ID", description = "Show this case only, in detail.")
    String caseId;

    @Option(names = "--list", description = "Also print one line per case and per referral.")
    boolean list;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long atMillis = at.toEpochMilli();
        Path workDir = caseId == null ? replay.createWorkDir() : null;
        try (LedgerReader reader = new LedgerReader(connection);
             CaseGroups groups = workDir == null ? null : new CaseGroups(workDir, replay.memoryBudgetBytes())) {
            List<String> topics = replay.select(reader.ledgerTopics());
            List<TopicPartition> partitions = reader.partitions(topics);
            Map<TopicPartition, Long> end = reader.endOffsets(partitions);
            // the first record after the instant ends each partition
            Map<TopicPartition, Long> to = reader.offsetsAt(partitions, at.plusMillis(1), end);
            Progress progress = Progress.on(err, replay.progress(), "state");
            List<LedgerEvent> caseEvents = new ArrayList<>();
            long[] counted = new long[1];
            LedgerOwners owners = new LedgerOwners(topics);
            reader.read(reader.beginningOffsets(partitions), to,
                    r -> r.timestamp() <= atMillis && (caseId == null || caseId.equals(r.key())), true, record -> {
                        if (!owners.genuine(record)) {
                            return; // not part of the history (verify reports it)
                        }
                        counted[0]++;
                        if (groups != null) {
                            groups.add(record.ledgerEvent());
                        } else if (caseId.equals(record.ledgerEvent().caseId())) {
                            if (caseEvents.size() >= CaseGroups.MAX_EVENTS_PER_CASE) {
                                throw new AuditException(ExitCodes.VIOLATIONS, "case " + caseId + " has more than "
                                        + CaseGroups.MAX_EVENTS_PER_CASE + " events");
                            }
                            caseEvents.add(record.ledgerEvent());
                        }
                    }, progress);
            int exit = groups == null ? oneCase(out, caseEvents)
                    : summary(out, groups, counted[0], topics.size(), atMillis);
            // after the fold, like verify's: the figure is the whole replay, up to the state printed
            err.println(String.format(Locale.ROOT, "replay: %d events in %.2f s, %.0f events/s", progress.done(),
                    progress.elapsed().toMillis() / 1000.0, progress.rate()));
            return exit;
        } finally {
            ReplayOptions.deleteWorkDir(workDir);
        }
    }

    private int oneCase(PrintWriter out, List<LedgerEvent> events) {
        if (events.isEmpty()) {
            throw new AuditException(ExitCodes.NOT_FOUND, "Case " + caseId + " has no event at or before " + at);
        }
        CaseView c = CaseFold.fold(caseId, events);
        out.printf(Locale.ROOT, "Case %s at %s: %s%s%n", caseId, at, c.status(), c.ownerPartnerId() == null ? ""
                : " (owner " + c.ownerPartnerId() + ", opened " + Instant.ofEpochMilli(c.openedAt())
                + (c.status() == CaseStatus.CLOSED ? ", closed " + Instant.ofEpochMilli(c.closedAt()) + " "
                + c.closureReason() : "") + ")");
        out.printf(Locale.ROOT, "  events up to then: %d, last at %s%n", c.events(), Instant.ofEpochMilli(c.lastEventAt()));
        for (ReferralView r : c.referrals()) {
            out.println("  " + referralLine(r, at.toEpochMilli()));
        }
        c.violations().forEach(v -> out.println("  ! " + v.line()));
        out.flush();
        return ExitCodes.OK;
    }

    static String referralLine(ReferralView r, long atMillis) {
        return String.format(Locale.ROOT, "referral %s %s -> %s %s %s: %s%s%s (sent %s, last change %s)",
                r.referralId(), r.senderPartnerId(), r.toPartnerId(), r.serviceType(), r.urgency(), r.state(),
                r.outcome() != null ? " " + r.outcome() : r.declineReason() != null ? " " + r.declineReason() : "",
                r.overdueAt(atMillis) ? " OVERDUE" : "", Instant.ofEpochMilli(r.sentAt()),
                Instant.ofEpochMilli(r.lastChangeAt()));
    }

    private int summary(PrintWriter out, CaseGroups groups, long events, int ledgers, long atMillis) {
        // counts by ordinal: a map merge per case and referral costs more than the rest of the summary
        long[] cases = new long[CASE_STATUSES.length];
        long[] referrals = new long[REFERRAL_STATES.length];
        Map<String, long[]> byAddressee = new HashMap<>();
        long[] overdue = new long[1];
        long[] anomalies = new long[1];
        groups.forEachCase(c -> {
            cases[c.status().ordinal()]++;
            anomalies[0] += c.violations().size();
            if (list) {
                out.printf(Locale.ROOT, "case %s %s%s%n", c.caseId(), c.status(),
                        c.ownerPartnerId() == null ? "" : " owner " + c.ownerPartnerId());
            }
            for (ReferralView r : c.referrals()) {
                int state = r.state().ordinal();
                referrals[state]++;
                byAddressee.computeIfAbsent(r.toPartnerId(), p -> new long[REFERRAL_STATES.length])[state]++;
                if (r.overdueAt(atMillis)) {
                    overdue[0]++;
                }
                if (list) {
                    out.println("  " + referralLine(r, atMillis));
                }
            }
        }, v -> anomalies[0]++);
        out.printf(Locale.ROOT, "State at %s: %d events on %d ledger(s) up to that instant%n", at, events, ledgers);
        out.printf(Locale.ROOT, "Cases: %d (%s)%n", sum(cases), counts(CASE_STATUSES, cases));
        out.printf(Locale.ROOT, "Referrals: %d (%s); overdue (unanswered past due-by): %d%n", sum(referrals),
                counts(REFERRAL_STATES, referrals), overdue[0]);
        if (!byAddressee.isEmpty()) {
            out.println("Referrals by addressee:");
            new TreeMap<>(byAddressee).forEach((partner, states) -> out.printf(Locale.ROOT, "  %-20s %s%n", partner,
                    counts(REFERRAL_STATES, states)));
        }
        if (anomalies[0] > 0) {
            out.printf(Locale.ROOT, "Lifecycle anomalies skipped: %d (run verify for details)%n", anomalies[0]);
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static final CaseStatus[] CASE_STATUSES = CaseStatus.values();
    private static final ReferralState[] REFERRAL_STATES = ReferralState.values();

    private static long sum(long[] counts) {
        return Arrays.stream(counts).sum();
    }

    /** "OPEN 3, CLOSED 2": the values counted at least once, in declaration order. */
    private static String counts(Enum<?>[] values, long[] counts) {
        String counted = IntStream.range(0, values.length).filter(i -> counts[i] > 0)
                .mapToObj(i -> values[i] + " " + counts[i]).collect(Collectors.joining(", "));
        return counted.isEmpty() ? "none" : counted;
    }
}
