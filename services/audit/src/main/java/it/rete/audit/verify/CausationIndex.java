package it.rete.audit.verify;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.UUID;
import java.util.function.Consumer;

import it.rete.audit.ledger.LedgerEvent;
import it.rete.audit.ledger.Position;
import it.rete.audit.spill.ByteReader;
import it.rete.audit.spill.ByteWriter;
import it.rete.audit.spill.ExternalSorter;
import it.rete.audit.spill.StringDictionary;

/**
 * Event ids and the causation ids that point at them, both spilled to disk sorted by id and joined once every ledger
 * has been read (a cause may be on a ledger read later): finds repeated event ids and causations that name no event.
 * Only causations not found within their own case come here (the case fold finds the others).
 */
final class CausationIndex implements AutoCloseable {

    private final ExternalSorter ids;
    private final ExternalSorter causations;

    CausationIndex(Path workDir, long memoryBudgetBytes) {
        ids = new ExternalSorter(workDir, "event-ids", memoryBudgetBytes / 2);
        causations = new ExternalSorter(workDir, "causations", memoryBudgetBytes / 2);
    }

    private final ByteWriter key = new ByteWriter();
    private final ByteWriter value = new ByteWriter();

    /** Topic names, spilled as numbers. */
    private final StringDictionary topics = new StringDictionary(4096, 256);

    /** An event's id: its entry is its position (the id is the key). */
    void addId(LedgerEvent event) {
        Position at = event.position();
        value.reset().putString(at.topic(), topics).putInt(at.partition()).putLong(at.offset());
        ids.add(key.reset().putUuidBytes(event.eventId()), value);
    }

    /**
     * A cause to look up among every event: the entry is the referring event and its position. Called on the
     * cases' merging thread once every id has been added, and before {@link #check}.
     */
    void addCausation(LedgerEvent event) {
        Position at = event.position();
        value.reset().putUuidBytes(event.eventId()).putString(at.topic(), topics).putInt(at.partition())
                .putLong(at.offset());
        causations.add(key.reset().putUuidBytes(event.causationId()), value);
    }

    void check(Consumer<Violation> violations) {
        Iterator<ExternalSorter.Entry> idIt = ids.sorted();
        Iterator<ExternalSorter.Entry> causeIt = causations.sorted();
        ExternalSorter.Entry id = idIt.hasNext() ? idIt.next() : null;
        ExternalSorter.Entry previousId = null;
        while (causeIt.hasNext()) {
            ExternalSorter.Entry cause = causeIt.next();
            // advance ids up to the cause, reporting repeated ids on the way
            while (id != null && Arrays.compareUnsigned(id.key(), cause.key()) < 0) {
                previousId = duplicateCheck(previousId, id, violations);
                id = idIt.hasNext() ? idIt.next() : null;
            }
            if (id == null || !Arrays.equals(id.key(), cause.key())) {
                Referrer referrer = referrer(cause.value());
                violations.accept(new Violation(ViolationKind.DANGLING_CAUSATION, referrer.position(), "event "
                        + referrer.eventId() + " names " + new ByteReader(cause.key()).getUuidBytes()
                        + " as its cause, but no ledger holds that event"));
            }
        }
        while (id != null) {
            previousId = duplicateCheck(previousId, id, violations);
            id = idIt.hasNext() ? idIt.next() : null;
        }
    }

    private ExternalSorter.Entry duplicateCheck(ExternalSorter.Entry previous, ExternalSorter.Entry current,
            Consumer<Violation> violations) {
        if (previous != null && Arrays.equals(previous.key(), current.key())) {
            Referrer first = holder(previous);
            Referrer again = holder(current);
            violations.accept(new Violation(ViolationKind.DUPLICATE_EVENT_ID, again.position(), "event id "
                    + again.eventId() + " is also used at " + first.position()));
            return previous;
        }
        return current;
    }

    private record Referrer(UUID eventId, Position position) {
    }

    /** The event that names a cause, from a causation entry. */
    private Referrer referrer(byte[] value) {
        ByteReader in = new ByteReader(value);
        return new Referrer(in.getUuidBytes(), new Position(in.getString(topics), in.getInt(), in.getLong()));
    }

    /** The event of an id entry. */
    private Referrer holder(ExternalSorter.Entry id) {
        ByteReader in = new ByteReader(id.value());
        return new Referrer(new ByteReader(id.key()).getUuidBytes(),
                new Position(in.getString(topics), in.getInt(), in.getLong()));
    }

    @Override
    public void close() {
        ids.close();
        causations.close();
    }
}
