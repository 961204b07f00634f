package it.rete.plumbing.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class HashChainTest {

    private static byte[] framed(int schemaId, byte[] body) {
        return ByteBuffer.allocate(5 + body.length).put((byte) 0).putInt(schemaId).put(body).array();
    }

    @Test
    void sha256IsLowercaseHex() {
        assertThat(HashChain.sha256Hex("abc".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void eventHashCoversTheAvroBodyOnlyNotTheRegistryId() {
        byte[] body = { 2, 4, 6, 8 };
        assertThat(HashChain.eventHash(framed(1, body))).isEqualTo(HashChain.eventHash(framed(999, body)))
                .isEqualTo(HashChain.sha256Hex(body));
        assertThat(HashChain.eventHash(framed(1, new byte[] { 2, 4, 6, 9 })))
                .isNotEqualTo(HashChain.sha256Hex(body));
    }

    @Test
    void unframedValuesAreRejected() {
        assertThatThrownBy(() -> HashChain.eventHash(new byte[] { 1, 0, 0, 0, 1, 5 }))
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void positionsStartAtOneWithTheGenesisHashAndChain() {
        LedgerPosition first = HashChain.nextPosition(0, LedgerPosition.GENESIS_HASH);
        assertThat(first).isEqualTo(new LedgerPosition(1, "0".repeat(64))).isEqualTo(LedgerPosition.genesis());

        String hashOfFirst = HashChain.sha256Hex(new byte[] { 1 });
        LedgerPosition second = HashChain.nextPosition(1, hashOfFirst);
        assertThat(second).isEqualTo(first.next(hashOfFirst));
        assertThat(second.sequence()).isEqualTo(2);
        assertThat(second.previousEventHash()).isEqualTo(hashOfFirst);
    }

    @Test
    void positionsAreValidated() {
        assertThatThrownBy(() -> new LedgerPosition(0, LedgerPosition.GENESIS_HASH))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LedgerPosition(1, "ABC"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(HashChain.isHash("F".repeat(64))).isFalse();
        assertThat(HashChain.isHash("f".repeat(64))).isTrue();
    }
}
