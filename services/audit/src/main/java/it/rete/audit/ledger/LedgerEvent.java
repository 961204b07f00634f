package it.rete.audit.ledger;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.UUID;

import it.rete.audit.spill.ByteReader;
import it.rete.audit.spill.ByteWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;

/**
 * One ledger event flattened to what the audit reasons about: the envelope, the referral fields and coded values.
 * Free-text fields (reason texts, override reasons) and quasi-identifying intake attributes (territory, language,
 * vulnerability flags) are deliberately not carried, so nothing derived from this can leak personal data.
 * Compact enough to spill to disk ({@link #encode()}).
 */
public record LedgerEvent(
        EventType type,
        UUID eventId,
        long occurredAt,
        String source,
        String caseId,
        String correlationId,
        UUID causationId,
        long sequence,
        UUID referralId,
        String senderPartnerId,
        String toPartnerId,
        String serviceType,
        String urgency,
        long dueBy,
        String outcome,
        String reasonCode,
        String placementKind,
        String contractType,
        String startDate,
        String consentPurposes,
        String consentRecipients,
        String legalBasisOverride,
        String sector,
        String intakeChannel,
        Position position,
        long recordTimestamp) {

    /**
     * Flattens a decoded contract event read at {@code position}, generic (as read with the writer's schema) or
     * generated; null if it is not a Rete event. Fields are found by name, so any compatible version of a contract
     * is understood; their positions are resolved once per schema ({@link EventLayout}) and then read by index.
     */
    public static LedgerEvent of(GenericRecord event, Position position, long recordTimestamp) {
        EventLayout layout = EventLayout.of(event.getSchema());
        if (layout.type() == null) {
            return null;
        }
        GenericRecord envelope = layout.envelope(event);
        return envelope == null ? byName(event, position, recordTimestamp)
                : layout.flatten(event, envelope, position, recordTimestamp);
    }

    /** What {@link #of} does for a schema {@link EventLayout} does not cover: every field looked up by name. */
    static LedgerEvent byName(GenericRecord event, Position position, long recordTimestamp) {
        EventType type = EventType.ofRecordName(event.getSchema().getName());
        if (type == null || !EventType.NAMESPACE.equals(event.getSchema().getNamespace())
                || !(event.get("envelope") instanceof GenericRecord envelope)) {
            return null;
        }
        String source = str(envelope.get("sourcePartnerId"));
        String sender = type == EventType.REFERRAL_SENT || type == EventType.REFERRAL_WITHDRAWN ? source
                : str(field(event, "senderPartnerId"));
        Object dueBy = field(event, "dueBy");
        return new LedgerEvent(type, uuid(envelope.get("eventId")), millis(envelope.get("occurredAt")), source,
                str(envelope.get("caseId")), str(envelope.get("correlationId")), uuid(envelope.get("causationId")),
                (Long) envelope.get("sequence"), uuid(field(event, "referralId")), sender,
                str(field(event, "toPartnerId")), str(field(event, "serviceType")), str(field(event, "urgency")),
                dueBy == null ? 0 : millis(dueBy), str(field(event, "outcome")),
                str(type == EventType.CASE_CLOSED ? field(event, "reason") : field(event, "reasonCode")),
                str(field(event, "kind")), str(field(event, "contractType")), date(field(event, "startDate")),
                joined(field(event, "purposes")), joined(field(event, "allowedRecipients")),
                str(field(event, "legalBasisOverride")), str(field(event, "sector")),
                str(field(event, "intakeChannel")), position, recordTimestamp);
    }

    /** The previous-event hash in the envelope of a contract event, or null. */
    public static String previousEventHash(GenericRecord event) {
        EventLayout layout = EventLayout.of(event.getSchema());
        GenericRecord envelope = layout.envelope(event);
        if (envelope != null) {
            return str(envelope.get(layout.previousEventHashPosition()));
        }
        return event.get("envelope") instanceof GenericRecord generic ? str(generic.get("previousEventHash")) : null;
    }

    static Object field(GenericRecord record, String name) {
        return record.getSchema().getField(name) == null ? null : record.get(name);
    }

    static String str(Object value) {
        return value == null ? null : value.toString();
    }

    static UUID uuid(Object value) {
        if (value instanceof Utf8 utf8 && utf8.getByteLength() == 36) {
            UUID parsed = canonicalUuid(utf8.getBytes());
            if (parsed != null) {
                return parsed;
            }
        }
        return value == null ? null : value instanceof UUID id ? id : UUID.fromString(value.toString());
    }

    /** The UUID in the 36 bytes of its canonical text form, or null when they are not that form. */
    static UUID canonicalUuid(byte[] text) {
        if (text[8] != '-' || text[13] != '-' || text[18] != '-' || text[23] != '-') {
            return null;
        }
        long a = hex(text, 0, 8);
        long b = hex(text, 9, 13);
        long c = hex(text, 14, 18);
        long d = hex(text, 19, 23);
        long e = hex(text, 24, 36);
        if ((a | b | c | d | e) < 0) {
            return null;
        }
        return new UUID(a << 32 | b << 16 | c, d << 48 | e);
    }

    /** The value of hex digits {@code [from, to)} (at most 12), or -1 when one is not a hex digit. */
    private static long hex(byte[] text, int from, int to) {
        long value = 0;
        int invalid = 0; // negative once a character is not a hex digit: one test at the end, not one per digit
        for (int i = from; i < to; i++) {
            int digit = HEX_DIGITS[text[i] & 0xff];
            invalid |= digit;
            value = value << 4 | digit;
        }
        return invalid < 0 ? -1 : value;
    }

    /** The value of each byte as an ASCII hex digit (either case), -1 for every other byte. */
    private static final byte[] HEX_DIGITS = new byte[256];

    static {
        for (int c = 0; c < 256; c++) {
            HEX_DIGITS[c] = (byte) (c < 128 ? Character.digit(c, 16) : -1);
        }
    }

    static long millis(Object value) {
        return value instanceof Instant instant ? instant.toEpochMilli() : (Long) value;
    }

    static String date(Object value) {
        return value == null ? null : value instanceof Integer days ? LocalDate.ofEpochDay(days).toString()
                : value.toString();
    }

    static String joined(Object value) {
        if (!(value instanceof Collection<?> items)) {
            return null;
        }
        StringBuilder joined = new StringBuilder();
        boolean first = true;
        for (Object item : items) {
            if (!first) {
                joined.append(' ');
            }
            joined.append(item.toString());
            first = false;
        }
        return joined.toString();
    }

    public Instant occurredAtInstant() {
        return Instant.ofEpochMilli(occurredAt);
    }

    public byte[] encode() {
        return encode(new ByteWriter()).toByteArray();
    }

    /** Writes this event into {@code out} (appended to what it holds). */
    public ByteWriter encode(ByteWriter out) {
        out.putByte(type.ordinal()).putUuid(eventId).putLong(occurredAt).putString(source).putString(caseId)
                .putString(correlationId).putUuid(causationId).putLong(sequence).putUuid(referralId)
                .putString(senderPartnerId).putString(toPartnerId).putString(serviceType).putString(urgency)
                .putLong(dueBy).putString(outcome).putString(reasonCode).putString(placementKind)
                .putString(contractType).putString(startDate).putString(consentPurposes).putString(consentRecipients)
                .putString(legalBasisOverride).putString(sector).putString(intakeChannel)
                .putString(position.topic()).putInt(position.partition()).putLong(position.offset())
                .putLong(recordTimestamp);
        return out;
    }

    public static LedgerEvent decode(byte[] bytes) {
        ByteReader in = new ByteReader(bytes);
        return new LedgerEvent(EventType.values()[in.getByte()], in.getUuid(), in.getLong(), in.getString(),
                in.getString(), in.getString(), in.getUuid(), in.getLong(), in.getUuid(), in.getString(),
                in.getString(), in.getString(), in.getString(), in.getLong(), in.getString(), in.getString(),
                in.getString(), in.getString(), in.getString(), in.getString(), in.getString(), in.getString(),
                in.getString(), in.getString(), new Position(in.getString(), in.getInt(), in.getLong()),
                in.getLong());
    }
}
