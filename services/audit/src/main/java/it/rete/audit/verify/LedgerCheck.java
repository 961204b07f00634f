package it.rete.audit.verify;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import it.rete.audit.ledger.LedgerEvent;
import it.rete.audit.ledger.LedgerRecord;
import it.rete.audit.ledger.Position;
import it.rete.plumbing.ledger.LedgerTopics;
import it.rete.plumbing.outbox.LedgerPosition;

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

    /** One record waiting in the reorder buffer. */
    private record Pending(LedgerEvent event, String previousHash, String hash) {
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

    private final TreeMap<Long, List<Pending>> pending = new TreeMap<>();
    private final Map<Integer, Integer> bufferedByPartition = new TreeMap<>();
    private final Map<Integer, Long> highestSequenceByPartition = new TreeMap<>();
    private final Map<Integer, Position> highestPositionByPartition = new TreeMap<>();

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
        return bufferedByPartition.getOrDefault(partition, 0);
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
        if (record.hasHeader("ce_source") && !record.headerIs("ce_source", expectedCeSourceBytes)) {
            report(ViolationKind.FORGED_SOURCE, at, event.type().recordName() + " " + event.eventId()
                    + " has ce_source " + record.ceSource() + ", the ledger's owner publishes as "
                    + expectedCeSource);
            return;
        }
        checkMetadata(record, event);
        String hash;
        try {
            hash = chainHash.of(record.value());
        } catch (RuntimeException e) {
            report(ViolationKind.UNDECODABLE, at, "value is not Confluent-framed: " + e.getMessage());
            return;
        }
        int partition = at.partition();
        long sequence = event.sequence();
        Long highest = highestSequenceByPartition.get(partition);
        if (highest != null && sequence < highest) {
            report(ViolationKind.SEQUENCE_REORDERED, at, "sequence " + sequence + " comes after sequence " + highest
                    + " at " + highestPositionByPartition.get(partition) + " in the same partition: the pair was "
                    + "reordered (or this event inserted later)");
        } else {
            highestSequenceByPartition.put(partition, sequence);
            highestPositionByPartition.put(partition, at);
        }
        if (sequence < expected) {
            report(ViolationKind.SEQUENCE_REPEAT, at, "sequence " + sequence + " (" + event.type().recordName() + " "
                    + event.eventId() + ") was already used: the ledger had been checked up to sequence "
                    + (expected - 1) + " (repeated, or out of place by more than the reorder buffer)");
            return;
        }
        pending.computeIfAbsent(sequence, s -> new ArrayList<>(1)).add(new Pending(event, record.previousEventHash(), hash));
        bufferedByPartition.merge(partition, 1, Integer::sum);
    }

    private void checkMetadata(LedgerRecord record, LedgerEvent event) {
        boolean keyOk = event.caseId().equals(record.key());
        boolean idOk = record.headerIs("ce_id", event.eventId().toString().getBytes(StandardCharsets.ISO_8859_1));
        boolean typeOk = event.type().isFullName(record.headerBytes("ce_type"));
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
        while (!pending.isEmpty()) {
            long first = pending.firstKey();
            if (first == expected) {
                emit(pending.pollFirstEntry().getValue());
                continue;
            }
            if (!end && !allStopped(readingStopped)) {
                return;
            }
            List<Pending> next = pending.get(first);
            report(ViolationKind.SEQUENCE_GAP, next.get(0).position(), (first - expected == 1
                    ? "sequence " + expected + " is missing" : "sequences " + expected + " to " + (first - 1)
                    + " are missing") + " before sequence " + first + (lastPosition == null ? " (start of the ledger)"
                    : " (previous present: sequence " + (expected - 1) + " at " + lastPosition + ")")
                    + ": removed events");
            expected = first;
            chainKnown = false;
        }
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
            bufferedByPartition.merge(p.position().partition(), -1, Integer::sum);
        }
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
