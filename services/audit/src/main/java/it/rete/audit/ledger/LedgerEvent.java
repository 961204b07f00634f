package it.rete.audit.ledger;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import it.rete.contracts.CaseClosed;
import it.rete.contracts.CaseOpened;
import it.rete.contracts.ConsentRecorded;
import it.rete.contracts.Envelope;
import it.rete.contracts.PlacementMade;
import it.rete.contracts.ReferralAccepted;
import it.rete.contracts.ReferralCompleted;
import it.rete.contracts.ReferralDeclined;
import it.rete.contracts.ReferralSent;
import it.rete.contracts.ReferralWithdrawn;
import org.apache.avro.specific.SpecificRecord;

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

    /** Flattens a decoded contract event read at {@code position}; null if it is not a Rete event. */
    public static LedgerEvent of(SpecificRecord event, Position position, long recordTimestamp) {
        var b = new Builder(position, recordTimestamp);
        if (event instanceof CaseOpened e) {
            b.envelope(EventType.CASE_OPENED, e.getEnvelope());
            b.sector = e.getSector().name();
            b.intakeChannel = e.getIntakeChannel().name();
        } else if (event instanceof ConsentRecorded e) {
            b.envelope(EventType.CONSENT_RECORDED, e.getEnvelope());
            b.consentPurposes = e.getPurposes().stream().map(Enum::name).collect(Collectors.joining(" "));
            b.consentRecipients = String.join(" ", e.getAllowedRecipients());
            b.legalBasisOverride = e.getLegalBasisOverride() == null ? null : e.getLegalBasisOverride().name();
        } else if (event instanceof ReferralSent e) {
            b.envelope(EventType.REFERRAL_SENT, e.getEnvelope());
            b.referralId = e.getReferralId();
            b.senderPartnerId = e.getEnvelope().getSourcePartnerId();
            b.toPartnerId = e.getToPartnerId();
            b.serviceType = e.getServiceType().name();
            b.urgency = e.getUrgency().name();
            b.dueBy = e.getDueBy().toEpochMilli();
        } else if (event instanceof ReferralAccepted e) {
            b.envelope(EventType.REFERRAL_ACCEPTED, e.getEnvelope());
            b.referralId = e.getReferralId();
            b.senderPartnerId = e.getSenderPartnerId();
        } else if (event instanceof ReferralDeclined e) {
            b.envelope(EventType.REFERRAL_DECLINED, e.getEnvelope());
            b.referralId = e.getReferralId();
            b.senderPartnerId = e.getSenderPartnerId();
            b.reasonCode = e.getReasonCode().name();
        } else if (event instanceof ReferralWithdrawn e) {
            b.envelope(EventType.REFERRAL_WITHDRAWN, e.getEnvelope());
            b.referralId = e.getReferralId();
            b.senderPartnerId = e.getEnvelope().getSourcePartnerId();
            b.toPartnerId = e.getToPartnerId();
        } else if (event instanceof PlacementMade e) {
            b.envelope(EventType.PLACEMENT_MADE, e.getEnvelope());
            b.referralId = e.getReferralId();
            b.senderPartnerId = e.getSenderPartnerId();
            b.placementKind = e.getKind().name();
            b.contractType = e.getContractType() == null ? null : e.getContractType().name();
            b.startDate = e.getStartDate().toString();
        } else if (event instanceof ReferralCompleted e) {
            b.envelope(EventType.REFERRAL_COMPLETED, e.getEnvelope());
            b.referralId = e.getReferralId();
            b.senderPartnerId = e.getSenderPartnerId();
            b.outcome = e.getOutcome().name();
        } else if (event instanceof CaseClosed e) {
            b.envelope(EventType.CASE_CLOSED, e.getEnvelope());
            b.reasonCode = e.getReason().name();
        } else {
            return null;
        }
        return b.build();
    }

    /** The envelope of any contract event, or null. */
    public static Envelope envelopeOf(SpecificRecord event) {
        var field = event.getSchema().getField("envelope");
        return field != null && event.get(field.pos()) instanceof Envelope envelope ? envelope : null;
    }

    public Instant occurredAtInstant() {
        return Instant.ofEpochMilli(occurredAt);
    }

    /** The partner addressed by this event's referral, when the event names it. */
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

    private static final class Builder {
        final Position position;
        final long recordTimestamp;
        EventType type;
        Envelope envelope;
        UUID referralId;
        String senderPartnerId;
        String toPartnerId;
        String serviceType;
        String urgency;
        long dueBy;
        String outcome;
        String reasonCode;
        String placementKind;
        String contractType;
        String startDate;
        String consentPurposes;
        String consentRecipients;
        String legalBasisOverride;
        String sector;
        String intakeChannel;

        Builder(Position position, long recordTimestamp) {
            this.position = position;
            this.recordTimestamp = recordTimestamp;
        }

        void envelope(EventType type, Envelope envelope) {
            this.type = type;
            this.envelope = envelope;
        }

        LedgerEvent build() {
            return new LedgerEvent(type, envelope.getEventId(), envelope.getOccurredAt().toEpochMilli(),
                    envelope.getSourcePartnerId(), envelope.getCaseId(), envelope.getCorrelationId(),
                    envelope.getCausationId(), envelope.getSequence(), referralId, senderPartnerId, toPartnerId,
                    serviceType, urgency, dueBy, outcome, reasonCode, placementKind, contractType, startDate,
                    consentPurposes, consentRecipients, legalBasisOverride, sector, intakeChannel, position,
                    recordTimestamp);
        }
    }
}
