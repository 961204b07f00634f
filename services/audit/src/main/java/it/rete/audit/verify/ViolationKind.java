package it.rete.audit.verify;

/** What kind of tampering or inconsistency a violation shows. */
public enum ViolationKind {
    /** A sequence number of the ledger is missing: an event was removed (or never published). */
    SEQUENCE_GAP,
    /** A sequence number appears twice in the ledger. */
    SEQUENCE_REPEAT,
    /** Within a partition an event comes after one with a higher sequence: the pair was reordered. */
    SEQUENCE_REORDERED,
    /** An event's previous-event hash is not the hash of the ledger's previous event: altered or forged. */
    CHAIN_BROKEN,
    /** The event claims another partner than the ledger's owner, or its headers disagree with it. */
    FORGED_SOURCE,
    /** The record is not a decodable contract event. */
    UNDECODABLE,
    /** The Kafka key or CloudEvents headers do not match the event. */
    METADATA_MISMATCH,
    /** The same event id appears at two positions. */
    DUPLICATE_EVENT_ID,
    /** The causation id names no event in any ledger. */
    DANGLING_CAUSATION,
    /** A referral or case change the lifecycle does not allow (state, or the partner that made it). */
    ILLEGAL_TRANSITION,
    /** Some events could not be checked within the audit's memory bounds. */
    NOT_CHECKED
}
