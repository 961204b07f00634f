package it.rete.plumbing.relay;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * CloudEvents binary-mode Kafka headers (UTF-8 strings) of a relayed outbox record: {@code ce_id}, {@code ce_type},
 * {@code ce_source}, {@code ce_time} (ISO-8601, UTC), {@code ce_specversion} and {@code ce_subject}, plus
 * {@code content-type: application/avro}. The EventRouter provides the column values as Connect headers.
 */
public final class CloudEventHeaders {

    public static final String CE_ID = "ce_id";
    public static final String CE_TYPE = "ce_type";
    public static final String CE_SOURCE = "ce_source";
    public static final String CE_TIME = "ce_time";
    public static final String CE_SPECVERSION = "ce_specversion";
    public static final String CE_SUBJECT = "ce_subject";
    public static final String CONTENT_TYPE = "content-type";

    public static final String SPECVERSION = "1.0";
    public static final String AVRO_CONTENT_TYPE = "application/avro";

    /** The header the EventRouter always adds with the event id. */
    static final String ROUTER_ID_HEADER = "id";

    private static final List<String> REQUIRED = List.of(CE_ID, CE_TYPE, CE_SOURCE, CE_TIME, CE_SUBJECT);

    private CloudEventHeaders() {
    }

    /** The CloudEvents attributes found on a record routed by the EventRouter, by header name, as strings. */
    public static Map<String, String> attributes(SourceRecord record) {
        Map<String, String> values = new LinkedHashMap<>();
        for (org.apache.kafka.connect.header.Header header : record.headers()) {
            if (header.value() != null) {
                values.put(header.key(), asString(header.value()));
            }
        }
        Map<String, String> ce = new LinkedHashMap<>();
        ce.put(CE_ID, values.getOrDefault(CE_ID, values.get(ROUTER_ID_HEADER)));
        ce.put(CE_TYPE, values.get(CE_TYPE));
        ce.put(CE_SOURCE, values.get(CE_SOURCE));
        String time = values.get(CE_TIME);
        ce.put(CE_TIME, time == null ? null : normalizeTime(time));
        ce.put(CE_SPECVERSION, SPECVERSION);
        ce.put(CE_SUBJECT, values.get(CE_SUBJECT));
        for (String name : REQUIRED) {
            if (ce.get(name) == null) {
                throw new IllegalArgumentException("Outbox record without " + name + " (headers: " + values.keySet()
                        + "): is the EventRouter's additional placement configured?");
            }
        }
        return ce;
    }

    /** {@link #attributes} plus the content type, as Kafka headers. */
    public static List<Header> kafkaHeaders(Map<String, String> attributes) {
        var headers = new java.util.ArrayList<Header>(attributes.size() + 1);
        attributes.forEach((name, value) -> headers.add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8))));
        headers.add(new RecordHeader(CONTENT_TYPE, AVRO_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8)));
        return headers;
    }

    /** Debezium renders timestamptz as an ISO-8601 string with offset; CloudEvents wants RFC 3339: UTC instant. */
    static String normalizeTime(String time) {
        try {
            return OffsetDateTime.parse(time).toInstant().toString();
        }
        catch (DateTimeParseException e) {
            return Instant.parse(time).toString();
        }
    }

    static String asString(Object value) {
        if (value instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        if (value instanceof ByteBuffer buffer) {
            return StandardCharsets.UTF_8.decode(buffer.duplicate()).toString();
        }
        return value.toString();
    }
}
