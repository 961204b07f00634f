package it.rete.audit.ledger;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * A record of a ledger as read: where it is, its Kafka metadata, its raw value (the hash chain covers its bytes)
 * and, when it could be decoded, the flat event and the previous-event hash of its envelope.
 *
 * @param decodeError why the value could not be decoded as a contract event, null when it could
 * @param valueHash   the ledger's event hash of the value ({@link ChainHash}) when the reader was asked to compute
 *                    it and the value is framed; null otherwise
 */
public record LedgerRecord(
        Position position,
        long timestamp,
        String key,
        byte[] value,
        Headers headers,
        LedgerEvent ledgerEvent,
        String previousEventHash,
        String decodeError,
        String valueHash) {

    public LedgerRecord(Position position, long timestamp, String key, byte[] value, Headers headers,
            LedgerEvent ledgerEvent, String previousEventHash, String decodeError) {
        this(position, timestamp, key, value, headers, ledgerEvent, previousEventHash, decodeError, null);
    }

    public boolean decoded() {
        return ledgerEvent != null;
    }

    /** The CloudEvents {@code ce_id} header, null when absent (headers are read only by who needs them). */
    public String ceId() {
        return header("ce_id");
    }

    public String ceType() {
        return header("ce_type");
    }

    public String ceSource() {
        return header("ce_source");
    }

    /** Whether header {@code name} holds exactly {@code expected} (no string is built: verify checks every record). */
    public boolean headerIs(String name, byte[] expected) {
        Header header = headers == null ? null : headers.lastHeader(name);
        return header != null && java.util.Arrays.equals(header.value(), expected);
    }

    /** The raw value of header {@code name}, null when absent. */
    public byte[] headerBytes(String name) {
        Header header = headers == null ? null : headers.lastHeader(name);
        return header == null ? null : header.value();
    }

    public boolean hasHeader(String name) {
        return headers != null && headers.lastHeader(name) != null;
    }

    private String header(String name) {
        Header header = headers == null ? null : headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
