package it.rete.audit.ledger;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.avro.generic.GenericRecord;

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
     * generated; null if it is not a Rete event. Fields are read by name, so any compatible version of a contract
     * is understood.
     */
    public static LedgerEvent of(GenericRecord event, Position position, long recordTimestamp) {
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
        return event.get("envelope") instanceof GenericRecord envelope ? str(envelope.get("previousEventHash")) : null;
    }

    private static Object field(GenericRecord record, String name) {
        return record.getSchema().getField(name) == null ? null : record.get(name);
    }

    private static String str(Object value) {
        return value == null ? null : value.toString();
    }

    private static UUID uuid(Object value) {
        return value == null ? null : value instanceof UUID id ? id : UUID.fromString(value.toString());
    }

    private static long millis(Object value) {
        return value instanceof Instant instant ? instant.toEpochMilli() : (Long) value;
    }

    private static String date(Object value) {
        return value == null ? null : value instanceof Integer days ? LocalDate.ofEpochDay(days).toString()
                : value.toString();
    }

    private static String joined(Object value) {
        return value instanceof Collection<?> items
                ? items.stream().map(Object::toString).collect(Collectors.joining(" ")) : null;
    }

    public Instant occurredAtInstant() {
        return Instant.ofEpochMilli(occurredAt);
    }

    /** The partners a ConsentRecorded allows the case to be referred to. */
    public List<String> consentRecipientList() {
        return consentRecipients == null || consentRecipients.isBlank() ? List.of()
                : List.of(consentRecipients.split(" "));
    }

    public byte[] encode() {
        var bytes = new ByteArrayOutputStream(256);
        try (var out = new DataOutputStream(bytes)) {
            out.writeByte(type.ordinal());
            writeUuid(out, eventId);
            out.writeLong(occurredAt);
            writeString(out, source);
            writeString(out, caseId);
            writeString(out, correlationId);
            writeUuid(out, causationId);
            out.writeLong(sequence);
            writeUuid(out, referralId);
            writeString(out, senderPartnerId);
            writeString(out, toPartnerId);
            writeString(out, serviceType);
            writeString(out, urgency);
            out.writeLong(dueBy);
            writeString(out, outcome);
            writeString(out, reasonCode);
            writeString(out, placementKind);
            writeString(out, contractType);
            writeString(out, startDate);
            writeString(out, consentPurposes);
            writeString(out, consentRecipients);
            writeString(out, legalBasisOverride);
            writeString(out, sector);
            writeString(out, intakeChannel);
            out.writeUTF(position.topic());
            out.writeInt(position.partition());
            out.writeLong(position.offset());
            out.writeLong(recordTimestamp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static LedgerEvent decode(byte[] bytes) {
        try (var in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            return new LedgerEvent(EventType.values()[in.readByte()], readUuid(in), in.readLong(), readString(in),
                    readString(in), readString(in), readUuid(in), in.readLong(), readUuid(in), readString(in),
                    readString(in), readString(in), readString(in), in.readLong(), readString(in), readString(in),
                    readString(in), readString(in), readString(in), readString(in), readString(in), readString(in),
                    readString(in), readString(in), new Position(in.readUTF(), in.readInt(), in.readLong()),
                    in.readLong());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeString(DataOutputStream out, String value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeUTF(value);
        }
    }

    private static String readString(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    private static void writeUuid(DataOutputStream out, UUID value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeLong(value.getMostSignificantBits());
            out.writeLong(value.getLeastSignificantBits());
        }
    }

    private static UUID readUuid(DataInputStream in) throws IOException {
        return in.readBoolean() ? new UUID(in.readLong(), in.readLong()) : null;
    }

    /** 16 big-endian bytes: sorts as the UUID's unsigned value. */
    public static byte[] uuidBytes(UUID id) {
        byte[] bytes = new byte[16];
        long msb = id.getMostSignificantBits();
        long lsb = id.getLeastSignificantBits();
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (msb >>> (56 - 8 * i));
            bytes[8 + i] = (byte) (lsb >>> (56 - 8 * i));
        }
        return bytes;
    }

    public static UUID uuidOf(byte[] bytes, int from) {
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            msb = (msb << 8) | (bytes[from + i] & 0xff);
            lsb = (lsb << 8) | (bytes[from + 8 + i] & 0xff);
        }
        return new UUID(msb, lsb);
    }
}
