package it.rete.plumbing.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.util.Optional;

import it.rete.plumbing.deadletter.UnprocessableEventException;
import it.rete.plumbing.serde.SchemaRegistryException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;

class LedgerRecordsTest {

    @Test
    void aRecordWithAValueIsReadable() {
        var record = new ConsumerRecord<String, Object>("rete.lule-outreach.events", 1, 7, "case-1", "a value");
        assertThat(LedgerRecords.requireReadable(record)).isSameAs(record);
    }

    @Test
    void anUnreachableRegistryIsThrownAsItIsToBeReadAgain() {
        var unreachable = new SchemaRegistryException("no answer", SchemaRegistryException.NO_RESPONSE, 0,
                new ConnectException("refused"));
        var record = failedOn(unreachable);
        assertThatThrownBy(() -> LedgerRecords.requireReadable(record))
                .isInstanceOf(SchemaRegistryException.class).hasMessage("no answer");
    }

    @Test
    void unreadableBytesAreForTheDeadLetterTopic() {
        var unknownSchema = new SchemaRegistryException("schema 9 not found", 404, 40403, null);
        var record = failedOn(unknownSchema);
        assertThatThrownBy(() -> LedgerRecords.requireReadable(record))
                .isInstanceOf(UnprocessableEventException.class)
                .hasMessageStartingWith("Record at rete.lule-outreach.events-1@7 cannot be read: ")
                .hasRootCauseMessage("schema 9 not found");
    }

    @Test
    void aRecordWithNeitherValueNorFailureIsForTheDeadLetterTopic() {
        var record = new ConsumerRecord<String, Object>("rete.lule-outreach.events", 1, 7, "case-1", null);
        assertThatThrownBy(() -> LedgerRecords.requireReadable(record))
                .isInstanceOf(UnprocessableEventException.class).hasMessageEndingWith("cannot be read (no value)");
    }

    /** A record as a batch listener gets it when its deserializer failed: no value, the failure in a header. */
    private static ConsumerRecord<String, Object> failedOn(RuntimeException failure) {
        Deserializer<Object> failing = (topic, data) -> {
            throw failure;
        };
        var headers = new RecordHeaders();
        try (var deserializer = new ErrorHandlingDeserializer<>(failing)) {
            Object value = deserializer.deserialize("rete.lule-outreach.events", headers, new byte[] {0, 0, 0, 0, 9});
            assertThat(value).isNull();
        }
        return new ConsumerRecord<>("rete.lule-outreach.events", 1, 7, 0L, TimestampType.CREATE_TIME, 6, 5, "case-1",
                null, headers, Optional.empty());
    }
}
