package it.rete.plumbing.outbox;

import java.util.UUID;

/** An event written to the outbox: its place in the ledger and its hash (the next event's previous hash). */
public record AppendedEvent(UUID eventId, long sequence, String eventHash) {
}
