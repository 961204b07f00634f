package it.rete.partner.caseflow;

import java.time.Instant;
import java.util.UUID;

/** One event on a case's timeline, written here or applied from another partner's ledger. */
public record TimelineEntry(UUID eventId, String eventType, String sourcePartnerId, long sequence,
                            Instant occurredAt, String summary) {
}
