package it.rete.plumbing.outbox;

import java.util.UUID;

/**
 * An event written to the outbox in the caller's transaction. Its sequence and hash are not known yet: the
 * {@link OutboxSequencer} assigns them after the transaction commits ({@link SequencedEvent}).
 */
public record AppendedEvent(UUID eventId) {
}
