package it.rete.plumbing.outbox;

import java.util.Objects;

/**
 * Where the next event of a partner's ledger goes: its sequence (1, 2, 3, ...) and the hash of the event before it
 * ({@link #GENESIS_HASH} for the first event). The service copies both into the event's envelope.
 */
public record LedgerPosition(long sequence, String previousEventHash) {

    /** The "previous hash" of sequence 1: 64 hex zeros. */
    public static final String GENESIS_HASH = "0".repeat(64);

    public LedgerPosition {
        if (sequence < 1) {
            throw new IllegalArgumentException("sequence starts at 1, got " + sequence);
        }
        Objects.requireNonNull(previousEventHash, "previousEventHash");
        if (!HashChain.isHash(previousEventHash)) {
            throw new IllegalArgumentException("not a lowercase hex SHA-256: " + previousEventHash);
        }
    }

    public static LedgerPosition genesis() {
        return new LedgerPosition(1, GENESIS_HASH);
    }

    /** The position after the event at this position, whose hash is {@code eventHash}. */
    public LedgerPosition next(String eventHash) {
        return new LedgerPosition(sequence + 1, eventHash);
    }
}
