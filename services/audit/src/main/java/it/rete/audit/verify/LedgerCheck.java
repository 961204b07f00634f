package it.rete.audit.verify;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import it.rete.audit.ledger.ChainHash;
import it.rete.audit.ledger.LedgerEvent;
import it.rete.audit.ledger.LedgerRecord;
import it.rete.audit.ledger.Position;
import it.rete.plumbing.ledger.LedgerTopics;
import it.rete.plumbing.outbox.LedgerPosition;
import org.apache.kafka.common.header.Header;

/**
 * Checks one partner ledger: who wrote each record, sequence numbers without gaps or repeats, and the hash chain.
 *
 * <p>A ledger has several partitions (keyed by case id) but one sequence, so the partitions are merged by sequence
 * through a bounded reorder buffer: a record waits until every sequence before it has been seen. When the buffer of
 * every partition that is still being read is full (or all are read) and the next sequence has not come, it is
 * declared missing. A record whose sequence arrives after that is reported as a repeat or out of place. Records
 * that pass are handed on in sequence order ({@code accepted}).
 */
final class LedgerCheck {

    /** One record waiting in the reorder buffer; {@code arrival} orders records offered with the same sequence. */
    private record Pending(LedgerEvent event, String previousHash, String hash, long arrival, int index) {
        Position position() {
            return event.position();
        }

        long sequence() {
            return event.sequence();
        }
    }

    private final String topic;
    private final List<Integer> partitions;
    private final String owner;
    private final String expectedCeSource;
    private final byte[] expectedCeSourceBytes;
    private final int bufferPerPartition;
    private final Consumer<Violation> violations;
    private final Consumer<LedgerEvent> accepted;
    private final ChainHash chainHash = new ChainHash();

    /**
     * The reorder buffer. Within a partition sequences almost always increase, so each partition has a queue in
     * arrival order; a record whose sequence is below the last one queued for its partition waits in
     * {@code outOfOrder} instead, so that every queue stays sorted and its head is its smallest sequence.
     */
    private final ArrayDeque<Pending>[] queues;
    private final TreeMap<Long, List<Pending>> outOfOrder = new TreeMap<>();
    private int pendingCount;
    private long arrivals;
    /** Index of each partition number in the per-partition arrays. */
    private final Map<Integer, Integer> partitionIndex = new HashMap<>();
    /** The same by partition number, for numbers below 1024 (-1: not one of this ledger's). */
    private final int[] indexByNumber;
    private final int[] buffered;
    private final long[] highestSequence;
    private final Position[] highestPosition;

    private long expected = 1;
    private String lastHash = LedgerPosition.GENESIS_HASH;
    private Position lastPosition;
    private boolean chainKnown = true;
    private long events;
    private long lastSequence;

    LedgerCheck(String topic, List<Integer> partitions, int bufferPerPartition, Consumer<Violation> violations, Consumer<LedgerEvent> accepted) {
        this.topic = topic;
        this.partitions = List.copyOf(partitions);
        this.owner = LedgerTopics.ownerOf(topic);
        this.expectedCeSource = "/rete/partners/" + owner;
        this.expectedCeSourceBytes = expectedCeSource.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        this.bufferPerPartition = bufferPerPartition;
        int count = this.partitions.size();
        @SuppressWarnings("unchecked")
        ArrayDeque<Pending>[] perPartition = new ArrayDeque[count];
        for (int i = 0; i < count; i++) {
            perPartition[i] = new ArrayDeque<>();
            partitionIndex.put(this.partitions.get(i), i);
        }
        int highest = this.partitions.stream().mapToInt(Integer::intValue).filter(p -> p >= 0 && p < 1024).max()
                .orElse(-1);
        this.indexByNumber = new int[highest + 1];
        java.util.Arrays.fill(indexByNumber, -1);
        for (int i = 0; i < count; i++) {
            int number = this.partitions.get(i);
            if (number >= 0 && number < indexByNumber.length) {
                indexByNumber[number] = i;
            }
        }
        this.queues = perPartition;
        this.buffered = new int[count];
        this.highestSequence = new long[count];
        this.highestPosition = new Position[count];
        this.violations = violations;
        this.accepted = accepted;
    }

    String topic() {
        return topic;
    }

    long events() {
        return events;
    }

    long lastSequence() {
        return lastSequence;
    }

    int buffered(int partition) {
        if (partition >= 0 && partition < indexByNumber.length && indexByNumber[partition] >= 0) {
            return buffered[indexByNumber[partition]];
        }
        Integer index = partitionIndex.get(partition);
        return index == null ? 0 : buffered[index];
    }

    /** The index of {@code partition} in the per-partition arrays. */
    private int indexOf(int partition) {
        if (partition >= 0 && partition < indexByNumber.length && indexByNumber[partition] >= 0) {
            return indexByNumber[partition];
        }
        Integer index = partitionIndex.get(partition);
        if (index == null) {
            throw new IllegalArgumentException(topic + " has no partition " + partition);
        }
        return index;
    }

    boolean bufferFull(int partition) {
        return buffered(partition) >= bufferPerPartition;
    }

    void offer(LedgerRecord record) {
        events++;
        Position at = record.position();
        if (!record.decoded()) {
            report(ViolationKind.UNDECODABLE, at, "not a readable contract event: " + record.decodeError());
            return;
        }
        LedgerEvent event = record.ledgerEvent();
        if (!owner.equals(event.source())) {
            report(ViolationKind.FORGED_SOURCE, at, event.type().recordName() + " " + event.eventId()
                    + " claims to come from " + event.source() + " but is in the ledger of " + owner
                    + " (sequence " + event.sequence() + "): written by another producer");
            return;
        }
        Header ceSource = record.ceSourceHeader();
        Header ceId = record.ceIdHeader();
        Header ceType = record.ceTypeHeader();
        if (ceSource != null && !java.util.Arrays.equals(ceSource.value(), expectedCeSourceBytes)) {
            report(ViolationKind.FORGED_SOURCE, at, event.type().recordName() + " " + event.eventId()
                    + " has ce_source " + record.ceSource() + ", the ledger's owner publishes as "
                    + expectedCeSource);
            return;
        }
        checkMetadata(record, event, ceId == null ? null : ceId.value(), ceType == null ? null : ceType.value());
        String hash = record.valueHash();
        if (hash == null) {
            try {
                hash = chainHash.of(record.value());
            } catch (RuntimeException e) {
                report(ViolationKind.UNDECODABLE, at, "value is not Confluent-framed: " + e.getMessage());
                return;
            }
        }
        int index = indexOf(at.partition());
        long sequence = event.sequence();
        Position highestAt = highestPosition[index];
        if (highestAt != null && sequence < highestSequence[index]) {
            report(ViolationKind.SEQUENCE_REORDERED, at, "sequence " + sequence + " comes after sequence "
                    + highestSequence[index] + " at " + highestAt + " in the same partition: the pair was "
                    + "reordered (or this event inserted later)");
        } else {
            highestSequence[index] = sequence;
            highestPosition[index] = at;
        }
        if (sequence < expected) {
            report(ViolationKind.SEQUENCE_REPEAT, at, "sequence " + sequence + " (" + event.type().recordName() + " "
                    + event.eventId() + ") was already used: the ledger had been checked up to sequence "
                    + (expected - 1) + " (repeated, or out of place by more than the reorder buffer)");
            return;
        }
        Pending waiting = new Pending(event, record.previousEventHash(), hash, arrivals++, index);
        ArrayDeque<Pending> queue = queues[index];
        if (queue.isEmpty() || queue.peekLast().sequence() <= sequence) {
            queue.addLast(waiting);
        } else {
            outOfOrder.computeIfAbsent(sequence, s -> new ArrayList<>(1)).add(waiting);
        }
        pendingCount++;
        buffered[index]++;
    }

    private void checkMetadata(LedgerRecord record, LedgerEvent event, byte[] ceId, byte[] ceType) {
        boolean keyOk = event.caseId().equals(record.key());
        boolean idOk = LedgerRecord.isUuidText(ceId, event.eventId());
        boolean typeOk = event.type().isFullName(ceType);
        if (keyOk && idOk && typeOk) {
            return; // and ce_source was checked by the caller
        }
        List<String> problems = new ArrayList<>(2);
        if (!keyOk) {
            problems.add("key " + record.key() + " is not the case id " + event.caseId());
        }
        if (record.ceId() != null && !idOk) {
            problems.add("ce_id " + record.ceId() + " is not the event id");
        }
        if (record.ceType() != null && !typeOk) {
            problems.add("ce_type " + record.ceType() + " is not " + event.type().fullName());
        }
        if (record.ceId() == null || record.ceType() == null || record.ceSource() == null) {
            problems.add("CloudEvents headers missing (ce_id, ce_type, ce_source are set by the relay)");
        }
        report(ViolationKind.METADATA_MISMATCH, record.position(), event.type().recordName() + " "
                + event.eventId() + ": " + String.join("; ", problems));
    }

    /**
     * Hands on every record whose turn has come.
     *
     * @param readingStopped for each partition of this ledger, whether no more records can come now (read to the
     *                       end, or its buffer is full)
     */
    void drain(java.util.function.IntPredicate readingStopped, boolean end) {
        while (pendingCount > 0) {
            long first = smallestPending();
            if (first == expected) {
                Pending only = takeOnly(first);
                if (only != null) {
                    buffered[only.index()]--;
                    accept(only);
                } else {
                    emit(takeAll(first));
                }
                continue;
            }
            if (!end && !allStopped(readingStopped)) {
                return;
            }
            Pending next = earliestWith(first);
            report(ViolationKind.SEQUENCE_GAP, next.position(), (first - expected == 1
                    ? "sequence " + expected + " is missing" : "sequences " + expected + " to " + (first - 1)
                    + " are missing") + " before sequence " + first + (lastPosition == null ? " (start of the ledger)"
                    : " (previous present: sequence " + (expected - 1) + " at " + lastPosition + ")")
                    + ": removed events");
            expected = first;
            chainKnown = false;
        }
    }

    private long smallestPending() {
        long smallest = outOfOrder.isEmpty() ? Long.MAX_VALUE : outOfOrder.firstKey();
        for (ArrayDeque<Pending> queue : queues) {
            if (!queue.isEmpty() && queue.peekFirst().sequence() < smallest) {
                smallest = queue.peekFirst().sequence();
            }
        }
        return smallest;
    }

    /** The first record offered among those waiting with {@code sequence}. */
    private Pending earliestWith(long sequence) {
        Pending earliest = null;
        List<Pending> others = outOfOrder.get(sequence);
        if (others != null) {
            earliest = others.get(0);
        }
        for (ArrayDeque<Pending> queue : queues) {
            Pending head = queue.peekFirst();
            if (head != null && head.sequence() == sequence && (earliest == null || head.arrival() < earliest.arrival())) {
                earliest = head;
            }
        }
        return earliest;
    }

    /** Removes and returns the record waiting with {@code sequence} when it is the only one, else null. */
    private Pending takeOnly(long sequence) {
        if (!outOfOrder.isEmpty() && outOfOrder.containsKey(sequence)) {
            return null;
        }
        ArrayDeque<Pending> found = null;
        for (ArrayDeque<Pending> queue : queues) {
            Pending head = queue.peekFirst();
            if (head != null && head.sequence() == sequence) {
                if (found != null) {
                    return null;
                }
                found = queue;
            }
        }
        if (found == null) {
            return null;
        }
        Pending only = found.pollFirst();
        Pending next = found.peekFirst();
        if (next != null && next.sequence() == sequence) {
            found.addFirst(only); // repeated within the partition: the general way
            return null;
        }
        pendingCount--;
        return only;
    }

    /** Removes every record waiting with {@code sequence}, in the order they were offered. */
    private List<Pending> takeAll(long sequence) {
        List<Pending> taken = outOfOrder.isEmpty() ? null : outOfOrder.remove(sequence);
        for (ArrayDeque<Pending> queue : queues) {
            while (!queue.isEmpty() && queue.peekFirst().sequence() == sequence) {
                if (taken == null) {
                    taken = new ArrayList<>(1);
                }
                taken.add(queue.pollFirst());
            }
        }
        if (taken.size() > 1) {
            taken.sort(Comparator.comparingLong(Pending::arrival));
        }
        pendingCount -= taken.size();
        return taken;
    }

    private boolean allStopped(java.util.function.IntPredicate readingStopped) {
        for (int partition : partitions) {
            if (!readingStopped.test(partition)) {
                return false;
            }
        }
        return true;
    }

    private void emit(List<Pending> candidates) {
        Pending chosen = candidates.get(0);
        if (candidates.size() > 1) {
            for (Pending candidate : candidates) {
                if (chainKnown && lastHash.equals(candidate.previousHash())) {
                    chosen = candidate;
                    break;
                }
            }
            for (Pending other : candidates) {
                if (other != chosen) {
                    report(ViolationKind.SEQUENCE_REPEAT, other.position(), "sequence " + other.sequence()
                            + " is used twice: also by " + chosen.event().type().recordName() + " "
                            + chosen.event().eventId() + " at " + chosen.position());
                }
            }
        }
        for (Pending p : candidates) {
            buffered[p.index()]--;
        }
        accept(chosen);
    }

    /** Checks the chain at {@code chosen}, the record of the next sequence, and hands it on. */
    private void accept(Pending chosen) {
        String previous = chosen.previousHash();
        if (chainKnown && !lastHash.equals(previous)) {
            report(ViolationKind.CHAIN_BROKEN, chosen.position(), "sequence " + chosen.sequence()
                    + ": previousEventHash " + previous + " is not the hash " + lastHash + " of "
                    + (lastPosition == null ? "the genesis" : "sequence " + (chosen.sequence() - 1) + " at "
                    + lastPosition + ": that event was altered, or this one forged"));
        }
        lastHash = chosen.hash();
        lastPosition = chosen.position();
        lastSequence = chosen.sequence();
        chainKnown = true;
        expected = chosen.sequence() + 1;
        accepted.accept(chosen.event());
    }

    private void report(ViolationKind kind, Position at, String message) {
        violations.accept(new Violation(kind, at, topic + ": " + message));
    }
}
