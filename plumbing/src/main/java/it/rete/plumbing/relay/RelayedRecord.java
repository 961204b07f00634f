package it.rete.plumbing.relay;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;

import it.rete.plumbing.serde.AvroBytes;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * One outbox event as the relay publishes it: key = aggregateid (case id) as a string, value = the payload column
 * unchanged (the Confluent-framed Avro bytes), CloudEvents headers.
 */
public record RelayedRecord(ProducerRecord<String, byte[]> producerRecord, String eventId, Instant eventTime) {

    /** Converts a record produced by the EventRouter; null for records without a payload (nothing to publish). */
    public static RelayedRecord from(SourceRecord record, String topic) {
        Object value = record.value();
        if (value == null) {
            return null;
        }
        byte[] payload = bytes(value);
        String key = record.key() == null ? null : CloudEventHeaders.asString(record.key());
        Map<String, String> attributes = CloudEventHeaders.attributes(record);
        var producerRecord = new ProducerRecord<>(topic, null, null, key, payload,
                CloudEventHeaders.kafkaHeaders(attributes));
        return new RelayedRecord(producerRecord, attributes.get(CloudEventHeaders.CE_ID),
                Instant.parse(attributes.get(CloudEventHeaders.CE_TIME)));
    }

    static byte[] bytes(Object value) {
        if (value instanceof byte[] bytes) {
            return bytes;
        }
        if (value instanceof ByteBuffer buffer) {
            return AvroBytes.toArray(buffer);
        }
        throw new IllegalArgumentException("Outbox payload must be bytea, got " + value.getClass().getName()
                + ": is the EventRouter's table.field.event.payload the payload column?");
    }
}
