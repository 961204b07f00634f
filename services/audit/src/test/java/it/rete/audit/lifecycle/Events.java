package it.rete.audit.lifecycle;

import java.util.UUID;

import it.rete.audit.ledger.EventType;
import it.rete.audit.ledger.LedgerEvent;
import it.rete.audit.ledger.Position;

/** Flat events for unit tests of the lifecycle. */
final class Events {

    static final String OWNER = "prefettura";
    static final String ADDRESSEE = "lule";
    static final String CASE = "case-1";

    private static long offset;

    private Events() {
    }

    static LedgerEvent event(EventType type, String source, long sequence, long at, UUID referral, UUID cause) {
        return event(CASE, type, source, sequence, at, referral, cause);
    }

    static LedgerEvent event(String caseId, EventType type, String source, long sequence, long at, UUID referral,
            UUID cause) {
        return new LedgerEvent(type, UUID.randomUUID(), at, source, caseId, caseId, cause, sequence, referral,
                type == EventType.REFERRAL_SENT || type == EventType.REFERRAL_WITHDRAWN ? source : OWNER,
                type == EventType.REFERRAL_SENT || type == EventType.REFERRAL_WITHDRAWN ? ADDRESSEE : null,
                "HOUSING", "ROUTINE", at + 1000, type == EventType.REFERRAL_COMPLETED ? "SUCCESSFUL" : null, null,
                null, null, null, type == EventType.CONSENT_RECORDED ? "REFERRAL" : null,
                type == EventType.CONSENT_RECORDED ? ADDRESSEE : null, null, null, null,
                new Position("rete." + source + ".events", 0, offset++), at);
    }
}
