package it.rete.audit.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class LedgerRecordTest {

    private static LedgerRecord withCeId(String text) {
        RecordHeaders headers = new RecordHeaders();
        if (text != null) {
            headers.add("ce_id", text.getBytes(StandardCharsets.UTF_8));
        }
        return new LedgerRecord(new Position("rete.a.events", 0, 0), 0, "case", new byte[0], headers, null, null,
                null);
    }

    @Test
    void aUuidHeaderMatchesExactlyTheTextOfTheId() {
        for (int i = 0; i < 1_000; i++) {
            UUID id = UUID.randomUUID();
            assertThat(withCeId(id.toString()).headerIsUuid("ce_id", id)).isTrue();
            assertThat(withCeId(UUID.randomUUID().toString()).headerIsUuid("ce_id", id)).isFalse();
        }
        UUID id = UUID.fromString("0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9");
        assertThat(withCeId("0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9").headerIsUuid("ce_id", id)).isTrue();
        assertThat(withCeId(id.toString().toUpperCase(Locale.ROOT)).headerIsUuid("ce_id", id)).isFalse();
        assertThat(withCeId("0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f").headerIsUuid("ce_id", id)).isFalse();
        assertThat(withCeId("0a1b2c3d04e5f-6071-8293-a4b5c6d7e8f9").headerIsUuid("ce_id", id)).isFalse();
        assertThat(withCeId(null).headerIsUuid("ce_id", id)).isFalse();
    }
}
