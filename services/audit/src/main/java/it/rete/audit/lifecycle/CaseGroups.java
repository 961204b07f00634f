package it.rete.audit.lifecycle;

import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

import it.rete.audit.ledger.EventType;
import it.rete.audit.ledger.LedgerEvent;
import it.rete.audit.ledger.Position;
import it.rete.audit.spill.ByteReader;
import it.rete.audit.spill.ByteWriter;
import it.rete.audit.spill.StringDictionary;
import it.rete.audit.spill.ExternalSorter;
import it.rete.audit.spill.ReadAhead;
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

    /** At most this many decoded events wait between the merging thread and the folding one. */
    private static final int EVENTS_AHEAD = 50_000;

    /** Merged entries handed to the decoding thread at a time, and how many such batches may wait. */
    private static final int MERGED_BATCH = 1_024;
    private static final int MERGED_BATCHES_AHEAD = 8;

    /** What the merge hands on, in case-id order: a whole case, or the notice that one is too long to fold. */
    private record Group(String caseId, List<LedgerEvent> events, Violation notChecked) {
    }

    private static final Group END = new Group(null, List.of(), null);

    private Merger merger;
    /** Receives, on the merging thread, each event whose cause is not an event of its own case (null: not asked). */
    private Consumer<LedgerEvent> causeOutsideCase;

    /**
     * Asks for the events whose causation id names no event of their own case, found while the cases are merged
     * (on the merging thread, before {@link #forEachCase} returns): a partner names a cause from the same case,
     * so what remains is usually nothing, to be looked up among every ledger's events. Of a case too long to fold,
     * every event that names a cause is handed on. Call before {@link #startMerge}.
     */
    public void causesOutsideCases(Consumer<LedgerEvent> consumer) {
        if (merger != null) {
            throw new IllegalStateException("the merge has started");
        }
        this.causeOutsideCase = consumer;
    }

    /** Hands on the events of a whole case whose cause is not one of the case's events. */
    private void causesOutside(List<LedgerEvent> events) {
        int n = events.size();
        Set<UUID> ids = null;
        for (int i = 0; i < n; i++) {
            UUID cause = events.get(i).causationId();
            if (cause == null) {
                continue;
            }
            boolean found;
            if (n <= CausalOrder.SMALL) {
                found = CausalOrder.firstWithId(events, cause) != null;
            } else {
                if (ids == null) {
                    ids = new HashSet<>(n * 2);
                    for (LedgerEvent event : events) {
                        ids.add(event.eventId());
                    }
                }
                found = ids.contains(cause);
            }
            if (!found) {
                causeOutsideCase.accept(events.get(i));
            }
        }
    }

    /**
     * Starts merging the sorted runs and decoding the cases on a helper thread, so that it runs while the caller
     * does other work; {@link #forEachCase} then folds what it hands on.
     * Call after the last {@link #add}.
     */
    public void startMerge() {
        if (merger == null) {
            // the runs are merged on one more thread, a few batches ahead of the decoding
            merger = new Merger(new ReadAhead<>(sorter.sorted(), MERGED_BATCH, MERGED_BATCHES_AHEAD, "case-runs"));
            Thread thread = new Thread(merger, "case-merge");
            thread.setDaemon(true);
            merger.thread = thread;
            thread.start();
        }
    }

    /**
     * Folds every case in case-id order (merged and decoded on a helper thread, folded on this one).
     *
     * @param notChecked receives a {@link ViolationKind#NOT_CHECKED} for a case with too many events to fold
     */
    public void forEachCase(Consumer<CaseView> consumer, Consumer<Violation> notChecked) {
        startMerge();
        try {
            for (Group group = merger.take(); group != END; group = merger.take()) {
                if (group.notChecked() != null) {
                    notChecked.accept(group.notChecked());
                } else {
                    consumer.accept(CaseFold.fold(group.caseId(), group.events()));
                }
            }
        } finally {
            merger.stop();
        }
    }

    /** The helper thread: merges the runs, decodes, and hands on one case at a time, a bounded number ahead. */
    private final class Merger implements Runnable {

        private final ReadAhead<ExternalSorter.Entry> entries;
        private final BlockingQueue<Group> groups = new LinkedBlockingQueue<>();
        /** Events that may still be handed on before the folding thread takes some. */
        private final Semaphore room = new Semaphore(EVENTS_AHEAD);
        /** Why the merge stopped early: the folding thread throws it rather than take a partial history. */
        private volatile Throwable failure;
        private volatile boolean stopped;
        Thread thread;

        Merger(ReadAhead<ExternalSorter.Entry> entries) {
            this.entries = entries;
        }

        Group take() {
            try {
                Group group = groups.take();
                if (group == END) {
                    if (failure instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    if (failure instanceof Error error) {
                        throw error;
                    }
                    return END;
                }
                room.release(weight(group));
                return group;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while folding the cases", e);
            }
        }

        void stop() {
            stopped = true;
            room.release(EVENTS_AHEAD); // unblocks a waiting hand-on
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            entries.close();
        }

        private int weight(Group group) {
            return Math.min(EVENTS_AHEAD, Math.max(1, group.events().size()));
        }

        private void handOn(Group group) throws InterruptedException {
            room.acquire(weight(group));
            groups.add(group);
        }

        @Override
        public void run() {
            try {
                merge();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException | Error e) {
                failure = e;
            } finally {
                groups.add(END);
            }
        }

        private void merge() throws InterruptedException {
            String current = null;
            byte[] currentKey = null;
            int currentLength = 0;
            List<LedgerEvent> group = new ArrayList<>();
            boolean overflow = false;
            while (entries.hasNext() && !stopped) {
                ExternalSorter.Entry entry = entries.next();
                ByteReader in = new ByteReader(entry.value());
                int length = in.getVarint();
                byte[] entryKey = entry.key();
                if (current == null || !Arrays.equals(entryKey, 0, length, currentKey, 0, currentLength)) {
                    if (current != null && !overflow) {
                        handOnWhole(current, group);
                    }
                    current = new String(entryKey, 0, length, StandardCharsets.UTF_8);
                    currentKey = entryKey;
                    currentLength = length;
                    group = new ArrayList<>();
                    overflow = false;
                }
                LedgerEvent event = decode(in, current);
                if (!overflow && group.size() < MAX_EVENTS_PER_CASE) {
                    group.add(event);
                } else {
                    if (!overflow) {
                        overflow = true;
                        handOn(new Group(current, List.of(), new Violation(ViolationKind.NOT_CHECKED,
                                event.position(), "case " + current + " has more than " + MAX_EVENTS_PER_CASE
                                + " events: its lifecycle was not checked")));
                        if (causeOutsideCase != null) {
                            group.stream().filter(e -> e.causationId() != null).forEach(causeOutsideCase);
                        }
                        group = new ArrayList<>(); // not kept: the case is not folded
                    }
                    if (causeOutsideCase != null && event.causationId() != null) {
                        causeOutsideCase.accept(event);
                    }
                }
            }
            if (current != null && !overflow && !stopped) {
                handOnWhole(current, group);
            }
        }

        private void handOnWhole(String caseId, List<LedgerEvent> events) throws InterruptedException {
            if (causeOutsideCase != null) {
                causesOutside(events);
            }
            handOn(new Group(caseId, events, null));
        }
    }

    @Override
    public void close() {
        if (merger != null) {
            merger.stop(); // its threads read the runs that closing the sorter deletes
        }
        sorter.close();
    }
}
