package it.rete.plumbing.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class RelayedRecordTest {

    private static final String TOPIC = "rete.lule-outreach.events";

    /** What the EventRouter emits with the relay's additional placement. */
    private static SourceRecord routed(Object payload, String time) {
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString("id", "4b4f6c6e-8a71-4a55-9f0e-5b0d0d7f5c11");
        headers.addString("ce_id", "4b4f6c6e-8a71-4a55-9f0e-5b0d0d7f5c11");
        headers.addString("ce_type", "CaseOpened");
        headers.addString("ce_source", "/rete/partners/lule-outreach");
        headers.addString("ce_time", time);
        headers.addString("ce_subject", "case-17");
        return new SourceRecord(Map.of(), Map.of(), TOPIC, null, Schema.STRING_SCHEMA, "case-17",
                Schema.BYTES_SCHEMA, payload, null, headers);
    }

    private static Map<String, String> headers(ProducerRecord<String, byte[]> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            assertThat(headers).doesNotContainKey(header.key());
            headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        return headers;
    }

    @Test
    void keyIsTheCaseIdValueIsThePayloadUnchangedAndCloudEventsHeadersAreSet() {
        byte[] payload = { 0, 0, 0, 0, 42, 10, 20, 30 };
        RelayedRecord relayed = RelayedRecord.from(routed(payload, "2026-11-05T10:15:30.123456Z"), TOPIC);

        ProducerRecord<String, byte[]> record = relayed.producerRecord();
        assertThat(record.topic()).isEqualTo(TOPIC);
        assertThat(record.key()).isEqualTo("case-17");
        assertThat(record.value()).isEqualTo(payload);
        assertThat(record.partition()).isNull();
        assertThat(headers(record)).containsExactly(
                Map.entry("ce_id", "4b4f6c6e-8a71-4a55-9f0e-5b0d0d7f5c11"),
                Map.entry("ce_type", "CaseOpened"),
                Map.entry("ce_source", "/rete/partners/lule-outreach"),
                Map.entry("ce_time", "2026-11-05T10:15:30.123456Z"),
                Map.entry("ce_specversion", "1.0"),
                Map.entry("ce_subject", "case-17"),
                Map.entry("content-type", "application/avro"));
        assertThat(relayed.eventId()).isEqualTo("4b4f6c6e-8a71-4a55-9f0e-5b0d0d7f5c11");
        assertThat(relayed.eventTime()).isEqualTo(Instant.parse("2026-11-05T10:15:30.123456Z"));
    }

    @Test
    void timeWithAnOffsetBecomesAUtcInstantAndByteBuffersAreCopied() {
        byte[] payload = { 0, 0, 0, 0, 1, 7 };
        RelayedRecord relayed = RelayedRecord.from(
                routed(ByteBuffer.wrap(payload), "2026-11-05T11:15:30+01:00"), TOPIC);
        assertThat(headers(relayed.producerRecord())).containsEntry("ce_time", "2026-11-05T10:15:30Z");
        assertThat(relayed.producerRecord().value()).isEqualTo(payload);
    }

    @Test
    void theRouterIdHeaderIsUsedWhenCeIdWasNotPlaced() {
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString("id", "e1");
        headers.addString("ce_type", "T");
        headers.addString("ce_source", "/s");
        headers.addString("ce_time", "2026-01-01T00:00:00Z");
        headers.addString("ce_subject", "c");
        SourceRecord record = new SourceRecord(Map.of(), Map.of(), TOPIC, null, Schema.STRING_SCHEMA, "c",
                Schema.BYTES_SCHEMA, new byte[] { 0, 0, 0, 0, 1 }, null, headers);
        assertThat(headers(RelayedRecord.from(record, TOPIC).producerRecord())).containsEntry("ce_id", "e1")
                .doesNotContainKey("id");
    }

    @Test
    void recordsWithoutTheCloudEventsColumnsAreRefused() {
        SourceRecord record = new SourceRecord(Map.of(), Map.of(), TOPIC, null, Schema.STRING_SCHEMA, "c",
                Schema.BYTES_SCHEMA, new byte[] { 0, 0, 0, 0, 1 });
        assertThatThrownBy(() -> RelayedRecord.from(record, TOPIC)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ce_id");
    }

    @Test
    void tombstonesAreNotRelayed() {
        assertThat(RelayedRecord.from(routed(null, "2026-11-05T10:15:30Z"), TOPIC)).isNull();
    }
}
