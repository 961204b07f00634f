package it.rete.audit.ledger;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * A record of a ledger as read: where it is, its Kafka metadata, its raw value (the hash chain covers its bytes)
 * and, when it could be decoded, the flat event and (for verify, see {@link LedgerReader#hashValues}) the previous-event
 * hash of its envelope.
 *
 * @param decodeError why the value could not be decoded as a contract event, null when it could
 * @param valueHash   the ledger's event hash of the value ({@link ChainHash}) when the reader was asked to compute
 *                    it and the value is framed; null otherwise
 * @param ceIdHeader  the last {@code ce_id} header, when the reader was asked to find the relay's headers (verify);
 *                    likewise {@code ceTypeHeader} and {@code ceSourceHeader}
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
        String valueHash,
        Header ceIdHeader,
        Header ceTypeHeader,
        Header ceSourceHeader) {

    public LedgerRecord(Position position, long timestamp, String key, byte[] value, Headers headers,
            LedgerEvent ledgerEvent, String previousEventHash, String decodeError) {
        this(position, timestamp, key, value, headers, ledgerEvent, previousEventHash, decodeError, null);
    }

    /** The relay's headers ({@code ce_id}, {@code ce_type}, {@code ce_source}) are looked up in {@code headers}. */
    public LedgerRecord(Position position, long timestamp, String key, byte[] value, Headers headers,
            LedgerEvent ledgerEvent, String previousEventHash, String decodeError, String valueHash) {
        this(position, timestamp, key, value, headers, ledgerEvent, previousEventHash, decodeError, valueHash,
                headers == null ? null : headers.lastHeader("ce_id"),
                headers == null ? null : headers.lastHeader("ce_type"),
                headers == null ? null : headers.lastHeader("ce_source"));
    }

    private static final HeaderName CE_ID = new HeaderName("ce_id");
    private static final HeaderName CE_TYPE = new HeaderName("ce_type");
    private static final HeaderName CE_SOURCE = new HeaderName("ce_source");

    /**
     * A record whose relay headers, when {@code findRelayHeaders}, are found in one pass over {@code headers} (the
     * last of each name, as {@link Headers#lastHeader} finds it): the reader's fetch thread does it for verify, so the
     * checks do not look for them again (their names compared as bytes, {@link HeaderName}); otherwise they are left
     * null (the other commands do not read them).
     */
    public static LedgerRecord of(Position position, long timestamp, String key, byte[] value, Headers headers,
            LedgerEvent ledgerEvent, String previousEventHash, String decodeError, String valueHash,
            boolean findRelayHeaders) {
        Header ceId = null;
        Header ceType = null;
        Header ceSource = null;
        if (headers != null && findRelayHeaders) {
            for (Header header : headers) {
                if (CE_ID.named(header)) {
                    ceId = header;
                } else if (CE_TYPE.named(header)) {
                    ceType = header;
                } else if (CE_SOURCE.named(header)) {
                    ceSource = header;
                }
            }
        }
        return new LedgerRecord(position, timestamp, key, value, headers, ledgerEvent, previousEventHash,
                decodeError, valueHash, ceId, ceType, ceSource);
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

    /** Whether header {@code name} holds exactly the text of {@code id} ({@link java.util.UUID#toString()}). */
    public boolean headerIsUuid(String name, java.util.UUID id) {
        return isUuidText(headerBytes(name), id);
    }

    /** Whether {@code text} is exactly the text of {@code id} ({@link java.util.UUID#toString()}); false if null. */
    public static boolean isUuidText(byte[] text, java.util.UUID id) {
        if (text == null || text.length != 36) {
            return false;
        }
        long high = id.getMostSignificantBits();
        long low = id.getLeastSignificantBits();
        return hexIs(text, 0, high >>> 32, 8) && text[8] == '-' && hexIs(text, 9, high >>> 16, 4) && text[13] == '-'
                && hexIs(text, 14, high, 4) && text[18] == '-' && hexIs(text, 19, low >>> 48, 4) && text[23] == '-'
                && hexIs(text, 24, low, 12);
    }

    /** Whether {@code text[from, from + digits)} is the lowercase hex of the low {@code digits} nibbles of value. */
    private static boolean hexIs(byte[] text, int from, long value, int digits) {
        for (int i = digits - 1; i >= 0; i--) {
            if (text[from + i] != Character.forDigit((int) (value & 0xf), 16)) {
                return false;
            }
            value >>>= 4;
        }
        return true;
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
