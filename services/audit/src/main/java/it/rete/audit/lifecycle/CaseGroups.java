package it.rete.audit.lifecycle;

import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import it.rete.audit.ledger.EventType;
import it.rete.audit.ledger.LedgerEvent;
import it.rete.audit.ledger.Position;
import it.rete.audit.spill.ByteReader;
import it.rete.audit.spill.ByteWriter;
import it.rete.audit.spill.StringDictionary;
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
    /** Partner ids, topics and coded values, spilled as numbers (and read back without new strings). */
    private final StringDictionary strings = new StringDictionary(4096, 64);

    public CaseGroups(Path workDir, long memoryBudgetBytes) {
        this.sorter = new ExternalSorter(workDir, "cases", memoryBudgetBytes);
    }

    private final ByteWriter key = new ByteWriter();
    private final ByteWriter value = new ByteWriter();

    public void add(LedgerEvent event) {
        // case id, then the position: unique, and groups a case's events together
        key.reset().putRaw(event.caseId());
        int caseIdLength = key.size();
        key.putByte(0).putRaw(event.position().topic()).putByte(0)
                .putInt(event.position().partition()).putLong(event.position().offset());
        sorter.add(key, encode(event, caseIdLength, value.reset()));
    }

    /** The event without its case id (the first {@code caseIdLength} bytes of the key). */
    private ByteWriter encode(LedgerEvent e, int caseIdLength, ByteWriter out) {
        out.putVarint(caseIdLength).putByte(e.type().ordinal()).putUuid(e.eventId()).putLong(e.occurredAt())
                .putString(e.source(), strings);
        if (e.correlationId() == null) {
            out.putByte(0);
        } else if (e.correlationId().equals(e.caseId())) {
            out.putByte(1);
        } else {
            out.putByte(2).putString(e.correlationId());
        }
        return out.putUuid(e.causationId()).putLong(e.sequence()).putUuid(e.referralId())
                .putString(e.senderPartnerId(), strings).putString(e.toPartnerId(), strings)
                .putString(e.serviceType(), strings).putString(e.urgency(), strings).putLong(e.dueBy())
                .putString(e.outcome(), strings).putString(e.reasonCode(), strings)
                .putString(e.placementKind(), strings).putString(e.contractType(), strings)
                .putString(e.startDate(), strings).putString(e.consentPurposes(), strings)
                .putString(e.consentRecipients(), strings).putString(e.legalBasisOverride(), strings)
                .putString(e.sector(), strings).putString(e.intakeChannel(), strings)
                .putString(e.position().topic(), strings).putInt(e.position().partition())
                .putLong(e.position().offset()).putLong(e.recordTimestamp());
    }

    private LedgerEvent decode(ByteReader in, String caseId) {
        EventType type = TYPES[in.getByte()];
        UUID eventId = in.getUuid();
        long occurredAt = in.getLong();
        String source = in.getString(strings);
        int correlation = in.getByte();
        String correlationId = correlation == 0 ? null : correlation == 1 ? caseId : in.getString();
        return new LedgerEvent(type, eventId, occurredAt, source, caseId, correlationId, in.getUuid(), in.getLong(),
                in.getUuid(), in.getString(strings), in.getString(strings), in.getString(strings),
                in.getString(strings), in.getLong(), in.getString(strings), in.getString(strings),
                in.getString(strings), in.getString(strings), in.getString(strings), in.getString(strings),
                in.getString(strings), in.getString(strings), in.getString(strings), in.getString(strings),
                new Position(in.getString(strings), in.getInt(), in.getLong()), in.getLong());
    }

    private static final EventType[] TYPES = EventType.values();

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
        byte[] currentKey = null;
        int currentLength = 0;
        List<LedgerEvent> group = new ArrayList<>();
        boolean overflow = false;
        while (entries.hasNext()) {
            ExternalSorter.Entry entry = entries.next();
            ByteReader in = new ByteReader(entry.value());
            int length = in.getVarint();
            byte[] entryKey = entry.key();
            if (current == null || !Arrays.equals(entryKey, 0, length, currentKey, 0, currentLength)) {
                flush(current, group, overflow, consumer);
                current = new String(entryKey, 0, length, StandardCharsets.UTF_8);
                currentKey = entryKey;
                currentLength = length;
                group = new ArrayList<>();
                overflow = false;
            }
            LedgerEvent event = decode(in, current);
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
