package it.rete.partner.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;

import it.rete.contracts.Envelope;
import it.rete.plumbing.ledger.LedgerRecords;
import it.rete.plumbing.outbox.HashChain;
import it.rete.plumbing.outbox.LedgerPosition;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Checks a whole ledger as auditors rely on it: numbered from 1 without gaps or repeats, each event chaining the last. */
public final class LedgerChain {

    private LedgerChain() {
    }

    public static void assertWholeAndChained(TestNetwork network, String topic) {
        var deserializer = Avro.deserializer(network.registryUrl());
        Map<Long, ConsumerRecord<String, byte[]>> bySequence = new TreeMap<>();
        for (var record : LedgerReader.readAll(network.adminConfig(), topic)) {
            Envelope envelope = envelope(deserializer.deserialize(record.topic(), record.value()));
            assertThat(bySequence.put(envelope.getSequence(), record)).as("sequence %s repeated", envelope.getSequence())
                    .isNull();
        }
        assertThat(bySequence.keySet()).first().isEqualTo(1L);
        assertThat(bySequence.keySet()).last().isEqualTo((long) bySequence.size());
        String expectedPrevious = LedgerPosition.GENESIS_HASH;
        for (var record : bySequence.values()) {
            Envelope envelope = envelope(deserializer.deserialize(record.topic(), record.value()));
            assertThat(envelope.getPreviousEventHash()).as("previous hash of event %s", envelope.getSequence())
                    .isEqualTo(expectedPrevious);
            expectedPrevious = HashChain.eventHash(record.value());
        }
    }

    private static Envelope envelope(Object event) {
        return (Envelope) LedgerRecords.envelope((SpecificRecord) event);
    }
}
