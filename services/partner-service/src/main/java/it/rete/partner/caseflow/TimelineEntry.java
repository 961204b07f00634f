package it.rete.partner.caseflow;

import java.time.Instant;
import java.util.UUID;

/**
 * One event on a case's timeline, written here or applied from another partner's ledger. {@code sequence} is its
 * place in its source's ledger; null for an event of this partner not yet sequenced (a few milliseconds after
 * the request that wrote it).
 */
public record TimelineEntry(UUID eventId, String eventType, String sourcePartnerId, Long sequence,
                            Instant occurredAt, String summary) {
}
