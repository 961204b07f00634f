package it.rete.audit.lifecycle;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

import it.rete.audit.ledger.LedgerEvent;
import it.rete.audit.spill.ByteWriter;
import it.rete.audit.spill.ExternalSorter;
import it.rete.audit.verify.Violation;
import it.rete.audit.verify.ViolationKind;

/**
 * Gathers events by case on disk while the ledgers are read (events of one case come from several ledgers), then
 * folds each case on its own: only one case's events are in memory at a time.
 */
public final class CaseGroups implements AutoCloseable {

    /** A real case has tens of events; a history with more for one case is not held in memory. */
    public static final int MAX_EVENTS_PER_CASE = 20_000;

    private final ExternalSorter sorter;

    public CaseGroups(Path workDir, long memoryBudgetBytes) {
        this.sorter = new ExternalSorter(workDir, "cases", memoryBudgetBytes);
    }

    private final ByteWriter key = new ByteWriter();
    private final ByteWriter value = new ByteWriter();

    public void add(LedgerEvent event) {
        // case id, then the position: unique, and groups a case's events together
        key.reset().putRaw(event.caseId()).putByte(0).putRaw(event.position().topic()).putByte(0)
                .putInt(event.position().partition()).putLong(event.position().offset());
        sorter.add(key, event.encode(value.reset()));
    }

    public long count() {
        return sorter.count();
    }

    /**
     * Folds every case in case-id order.
     *
     * @param notChecked receives a {@link ViolationKind#NOT_CHECKED} for a case with too many events to fold
     */
    public void forEachCase(Consumer<CaseView> consumer, Consumer<Violation> notChecked) {
        Iterator<ExternalSorter.Entry> entries = sorter.sorted();
        String current = null;
        List<LedgerEvent> group = new ArrayList<>();
        boolean overflow = false;
        while (entries.hasNext()) {
            LedgerEvent event = LedgerEvent.decode(entries.next().value());
            if (!event.caseId().equals(current)) {
                flush(current, group, overflow, consumer);
                current = event.caseId();
                group = new ArrayList<>();
                overflow = false;
            }
            if (group.size() < MAX_EVENTS_PER_CASE) {
                group.add(event);
            } else if (!overflow) {
                overflow = true;
                notChecked.accept(new Violation(ViolationKind.NOT_CHECKED, event.position(), "case " + current
                        + " has more than " + MAX_EVENTS_PER_CASE + " events: its lifecycle was not checked"));
            }
        }
        flush(current, group, overflow, consumer);
    }

    private static void flush(String caseId, List<LedgerEvent> group, boolean overflow, Consumer<CaseView> consumer) {
        if (caseId != null && !overflow) {
            consumer.accept(CaseFold.fold(caseId, group));
        }
    }

    @Override
    public void close() {
        sorter.close();
    }
}
