package it.rete.audit.timeline;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

import it.rete.audit.AuditException;
import it.rete.audit.ExitCodes;
import it.rete.audit.ledger.Connection;
import it.rete.audit.ledger.LedgerEvent;
import it.rete.audit.ledger.LedgerReader;
import it.rete.audit.ledger.LedgerRecord;
import it.rete.audit.ledger.ReplayOptions;
import it.rete.audit.lifecycle.CaseFold;
import it.rete.audit.lifecycle.CaseGroups;
import it.rete.audit.lifecycle.CaseView;
import it.rete.audit.lifecycle.CausalOrder;
import it.rete.audit.lifecycle.ReferralView;
import it.rete.audit.progress.Progress;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "timeline", mixinStandardHelpOptions = true,
        description = {"Every event of one case across all partner ledgers, in causal order (an event after its "
                + "cause and after the earlier events of its own ledger; otherwise by time), then the case's state.",
                "Records are selected by their Kafka key (the case id); verify reports a record whose key is not its "
                        + "case id.",
                "Exit code: 0 found, 2 usage error, 3 no event of that case, 4 broker or registry unreachable."})
public class TimelineCommand implements Callable<Integer> {

    @Mixin
    Connection connection;

    @Mixin
    ReplayOptions replay;

    @Option(names = "--case", required = true, paramLabel = "CASE-ID", description = "Pseudonymous case id.")
    String caseId;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<LedgerEvent> events = new ArrayList<>();
        List<LedgerRecord> unreadable = new ArrayList<>();
        List<String> topics;
        try (LedgerReader reader = new LedgerReader(connection)) {
            topics = replay.select(reader.ledgerTopics());
            List<TopicPartition> partitions = reader.partitions(topics);
            Progress progress = Progress.on(err, replay.progress(), "timeline");
            reader.read(reader.beginningOffsets(partitions), reader.endOffsets(partitions),
                    r -> caseId.equals(r.key()), true, record -> {
                        if (events.size() + unreadable.size() >= CaseGroups.MAX_EVENTS_PER_CASE) {
                            throw new AuditException(ExitCodes.VIOLATIONS, "case " + caseId + " has more than "
                                    + CaseGroups.MAX_EVENTS_PER_CASE + " events: not shown");
                        }
                        if (record.decoded() && caseId.equals(record.ledgerEvent().caseId())) {
                            events.add(record.ledgerEvent());
                        } else {
                            unreadable.add(record);
                        }
                    }, progress);
        }
        if (events.isEmpty() && unreadable.isEmpty()) {
            throw new AuditException(ExitCodes.NOT_FOUND, "No event of case " + caseId + " in " + topics.size()
                    + " ledger(s) on " + connection.bootstrapServers());
        }
        List<LedgerEvent> ordered = CausalOrder.sort(events);
        Map<UUID, LedgerEvent> byId = new HashMap<>();
        ordered.forEach(e -> byId.putIfAbsent(e.eventId(), e));
        long ledgers = ordered.stream().map(e -> e.position().topic()).distinct().count();
        out.printf(Locale.ROOT, "Case %s: %d events in %d ledger(s), causal order%n", caseId, ordered.size(), ledgers);
        int n = 0;
        for (LedgerEvent e : ordered) {
            out.printf(Locale.ROOT, "%3d  %s  %-16s #%-6d %-18s %s%n", ++n, Instant.ofEpochMilli(e.occurredAt()),
                    e.source(), e.sequence(), e.type().recordName(), describe(e, byId));
            out.printf(Locale.ROOT, "     event %s at %s%n", e.eventId(), e.position());
        }
        for (LedgerRecord r : unreadable) {
            out.printf(Locale.ROOT, "  ?  record at %s with this case's key cannot be read as an event of the case: %s%n",
                    r.position(), r.decoded() ? "its envelope names case " + r.ledgerEvent().caseId()
                            : r.decodeError());
        }
        CaseView view = CaseFold.fold(caseId, events);
        out.printf(Locale.ROOT, "State: case %s%s%s%n", view.status(),
                view.ownerPartnerId() == null ? "" : " (owner " + view.ownerPartnerId() + ")",
                view.closureReason() == null ? "" : ", closed " + view.closureReason());
        for (ReferralView r : view.referrals()) {
            out.printf(Locale.ROOT, "  referral %s %s -> %s %s: %s%s%n", r.referralId(), r.senderPartnerId(),
                    r.toPartnerId(), r.serviceType(), r.state(), r.outcome() == null ? "" : " (" + r.outcome() + ")");
        }
        view.violations().forEach(v -> out.println("  ! " + v.line()));
        out.flush();
        return ExitCodes.OK;
    }

    static String describe(LedgerEvent e, Map<UUID, LedgerEvent> byId) {
        String text = switch (e.type()) {
            case CASE_OPENED -> "sector " + e.sector() + ", intake " + e.intakeChannel();
            case CONSENT_RECORDED -> (e.legalBasisOverride() != null ? "legal basis " + e.legalBasisOverride() + "; "
                    : "") + "purposes " + e.consentPurposes() + "; recipients " + e.consentRecipients();
            case REFERRAL_SENT -> "referral " + e.referralId() + " to " + e.toPartnerId() + ": " + e.serviceType()
                    + ", " + e.urgency() + ", due by " + Instant.ofEpochMilli(e.dueBy());
            case REFERRAL_ACCEPTED -> "referral " + e.referralId() + " accepted";
            case REFERRAL_DECLINED -> "referral " + e.referralId() + " declined: " + e.reasonCode();
            case REFERRAL_WITHDRAWN -> "referral " + e.referralId() + " withdrawn";
            case PLACEMENT_MADE -> "referral " + e.referralId() + ": placement " + e.placementKind()
                    + (e.contractType() == null ? "" : " " + e.contractType()) + " from " + e.startDate();
            case REFERRAL_COMPLETED -> "referral " + e.referralId() + " completed: " + e.outcome();
            case CASE_CLOSED -> "closed: " + e.reasonCode();
            case CASE_ERASED -> "personal data erased (dossiers can no longer be opened)";
            case REFERRAL_DUE_SOON -> "referral " + e.referralId() + " due soon (by " + Instant.ofEpochMilli(e.dueBy())
                    + "): reminder";
            case REFERRAL_OVERDUE -> "referral " + e.referralId() + " overdue (due by "
                    + Instant.ofEpochMilli(e.dueBy()) + ")";
            case REFERRAL_EXPIRED -> "referral " + e.referralId() + " expired unanswered (due by "
                    + Instant.ofEpochMilli(e.dueBy()) + ")";
        };
        if (e.causationId() != null) {
            LedgerEvent cause = byId.get(e.causationId());
            text += cause == null ? " (cause " + e.causationId() + " not in this case)"
                    : " (after " + cause.type().recordName() + " of " + cause.source() + ")";
        }
        return text;
    }
}
