package it.rete.plumbing.outbox;

import java.util.UUID;

/** An event the sequencer placed in its ledger: its sequence and its hash (the next event's previous hash). */
public record SequencedEvent(UUID eventId, String topic, long sequence, String eventHash) {
}
