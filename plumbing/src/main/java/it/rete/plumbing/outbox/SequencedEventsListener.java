package it.rete.plumbing.outbox;

import java.util.List;

/**
 * Told of each batch of events the {@link OutboxSequencer} placed in the ledger, inside the sequencer's transaction
 * (so what the listener writes commits with the sequence numbers, or not at all). Beans of this type are called in
 * their order.
 */
@FunctionalInterface
public interface SequencedEventsListener {

    void sequenced(List<SequencedEvent> events);
}
