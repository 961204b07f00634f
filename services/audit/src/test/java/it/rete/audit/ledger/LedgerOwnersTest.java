package it.rete.audit.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class LedgerOwnersTest {

    private static LedgerRecord record(String topic, String source) {
        Position at = new Position(topic, 0, 7);
        LedgerEvent event = new LedgerEvent(EventType.CASE_OPENED, UUID.randomUUID(), 1, source, "case-1", "case-1",
                null, 1, null, null, null, null, null, 0, null, null, null, null, null, null, null, null, null, null,
                at, 1);
        return new LedgerRecord(at, 1, "case-1", new byte[0], null, event, null, null);
    }

    @Test
    void onlyTheLedgersOwnerWritesItsHistory() {
        LedgerOwners owners = new LedgerOwners(List.of("rete.prefettura.events", "rete.lule.events"));
        // records of both ledgers in turn: the owner looked up for the last topic is not reused for the other
        for (int i = 0; i < 3; i++) {
            assertThat(owners.genuine(record("rete.prefettura.events", "prefettura"))).isTrue();
            assertThat(owners.genuine(record("rete.lule.events", "prefettura"))).as("forged").isFalse();
            assertThat(owners.genuine(record("rete.lule.events", "lule"))).isTrue();
            assertThat(owners.genuine(record("rete.prefettura.events", "lule"))).as("forged").isFalse();
        }
        assertThat(owners.genuine(record("rete.cpi.events", "cpi"))).as("a ledger not listed").isTrue();
        Position at = new Position("rete.lule.events", 0, 8);
        assertThat(owners.genuine(new LedgerRecord(at, 1, "case-1", new byte[] {1}, null, null, null, "garbage")))
                .as("undecoded").isFalse();
    }
}
