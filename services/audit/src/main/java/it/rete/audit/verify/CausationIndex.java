package it.rete.audit.verify;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.UUID;
import java.util.function.Consumer;

import it.rete.audit.ledger.LedgerEvent;
import it.rete.audit.ledger.Position;
import it.rete.audit.spill.ExternalSorter;

/**
 * Event ids and the causation ids that point at them, both spilled to disk sorted by id and joined once every ledger
 * has been read (a cause may be on a ledger read later): finds repeated event ids and causations that name no event.
 */
final class CausationIndex implements AutoCloseable {

    private final ExternalSorter ids;
    private final ExternalSorter causations;

    CausationIndex(Path workDir, long memoryBudgetBytes) {
        ids = new ExternalSorter(workDir, "event-ids", memoryBudgetBytes / 2);
        causations = new ExternalSorter(workDir, "causations", memoryBudgetBytes / 2);
    }

    void add(LedgerEvent event) {
        ids.add(LedgerEvent.uuidBytes(event.eventId()), encode(event.eventId(), event.position()));
        if (event.causationId() != null) {
            causations.add(LedgerEvent.uuidBytes(event.causationId()), encode(event.eventId(), event.position()));
        }
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
                Referrer referrer = decode(cause.value());
                violations.accept(new Violation(ViolationKind.DANGLING_CAUSATION, referrer.position(), "event "
                        + referrer.eventId() + " names " + LedgerEvent.uuidOf(cause.key(), 0)
                        + " as its cause, but no ledger holds that event"));
            }
        }
        while (id != null) {
            previousId = duplicateCheck(previousId, id, violations);
            id = idIt.hasNext() ? idIt.next() : null;
        }
    }

    private static ExternalSorter.Entry duplicateCheck(ExternalSorter.Entry previous, ExternalSorter.Entry current,
            Consumer<Violation> violations) {
        if (previous != null && Arrays.equals(previous.key(), current.key())) {
            Referrer first = decode(previous.value());
            Referrer again = decode(current.value());
            violations.accept(new Violation(ViolationKind.DUPLICATE_EVENT_ID, again.position(), "event id "
                    + again.eventId() + " is also used at " + first.position()));
            return previous;
        }
        return current;
    }

    private record Referrer(UUID eventId, Position position) {
    }

    private static byte[] encode(UUID eventId, Position position) {
        var bytes = new ByteArrayOutputStream(64);
        try (var out = new DataOutputStream(bytes)) {
            out.write(LedgerEvent.uuidBytes(eventId));
            out.writeUTF(position.topic());
            out.writeInt(position.partition());
            out.writeLong(position.offset());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static Referrer decode(byte[] value) {
        try (var in = new DataInputStream(new ByteArrayInputStream(value, 16, value.length - 16))) {
            return new Referrer(LedgerEvent.uuidOf(value, 0), new Position(in.readUTF(), in.readInt(), in.readLong()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        ids.close();
        causations.close();
    }
}
