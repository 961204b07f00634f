package it.rete.audit.ledger;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;

/**
 * What the audit reads of one contract event's writer schema, compiled once: a walk over the Avro binary body that
 * decodes the envelope and the few fields {@link LedgerEvent} carries into a {@link ProjectedFields}, and skips
 * everything else without building a generic record.
 *
 * <p>It gives exactly what decoding a {@code GenericRecord} and flattening it ({@link LedgerEvent#of}) gives: every
 * field is walked in order, and what the generic reader rejects (a truncated body, a negative length, an enum or
 * union index out of range, a malformed varint) makes the walk throw too, so the caller can fall back to the generic
 * path and report what it reports. A schema whose fields the audit reads have a shape the walk does not cover (e.g. a
 * record where a code is expected) is not compiled ({@link #compile} returns null) and always goes the generic way.
 */
final class EventProjection {

    private final EventType type;
    private final Step[] steps;

    private EventProjection(EventType type, Step[] steps) {
        this.type = type;
        this.steps = steps;
    }

    EventType type() {
        return type;
    }

    /** Walks one body, filling {@code into} (cleared by the caller). */
    void read(BinaryDecoder in, ProjectedFields into) throws IOException {
        for (Step step : steps) {
            step.read(in, into);
        }
    }

    // ---- compiling -----------------------------------------------------------------------------------------------

    /** The projection of a writer schema, or null when it is not a contract event this walk covers. */
    static EventProjection compile(Schema writer) {
        if (writer.getType() != Schema.Type.RECORD || !EventType.NAMESPACE.equals(writer.getNamespace())) {
            return null;
        }
        EventType type = EventType.ofRecordName(writer.getName());
        if (type == null) {
            return null;
        }
        Schema.Field envelopeField = writer.getField("envelope");
        if (envelopeField == null || envelopeField.schema().getType() != Schema.Type.RECORD) {
            return null;
        }
        Schema envelope = envelopeField.schema();
        for (String name : ENVELOPE_FIELDS) {
            if (envelope.getField(name) == null) {
                return null;
            }
        }
        try {
            List<Step> steps = new ArrayList<>();
            for (Schema.Field field : writer.getFields()) {
                if (field == envelopeField) {
                    List<Step> inner = new ArrayList<>();
                    for (Schema.Field f : envelope.getFields()) {
                        inner.add(envelopeStep(f));
                    }
                    steps.addAll(inner);
                } else {
                    steps.add(eventStep(type, field));
                }
            }
            return new EventProjection(type, steps.toArray(Step[]::new));
        } catch (Unsupported e) {
            return null;
        }
    }

    private static final String[] ENVELOPE_FIELDS = {"eventId", "occurredAt", "sourcePartnerId", "caseId",
            "correlationId", "causationId", "sequence", "previousEventHash"};

    private static Step envelopeStep(Schema.Field field) {
        Schema s = field.schema();
        return switch (field.name()) {
            case "eventId" -> uuid(s, ProjectedFields.EVENT_ID);
            case "occurredAt" -> plainLong(s, ProjectedFields.OCCURRED_AT);
            case "sourcePartnerId" -> text(s, ProjectedFields.SOURCE, true);
            case "caseId" -> text(s, ProjectedFields.CASE_ID, false);
            case "correlationId" -> text(s, ProjectedFields.CORRELATION_ID, false);
            case "causationId" -> uuid(s, ProjectedFields.CAUSATION_ID);
            case "sequence" -> plainLong(s, ProjectedFields.SEQUENCE);
            case "previousEventHash" -> text(s, ProjectedFields.PREVIOUS_HASH, false);
            default -> skip(s);
        };
    }

    /** The event's own fields, by the names {@link EventLayout} reads. */
    private static Step eventStep(EventType type, Schema.Field field) {
        Schema s = field.schema();
        return switch (field.name()) {
            case "senderPartnerId" -> text(s, ProjectedFields.SENDER, true);
            case "dueBy" -> nullableLong(s, ProjectedFields.DUE_BY);
            case "referralId" -> uuid(s, ProjectedFields.REFERRAL_ID);
            case "toPartnerId" -> text(s, ProjectedFields.TO_PARTNER, true);
            case "serviceType" -> text(s, ProjectedFields.SERVICE_TYPE, true);
            case "urgency" -> text(s, ProjectedFields.URGENCY, true);
            case "outcome" -> text(s, ProjectedFields.OUTCOME, true);
            case "reasonCode" -> type == EventType.CASE_CLOSED ? skip(s) : text(s, ProjectedFields.REASON_CODE, true);
            case "reason" -> type == EventType.CASE_CLOSED ? text(s, ProjectedFields.REASON_CODE, true) : skip(s);
            case "kind" -> text(s, ProjectedFields.KIND, true);
            case "contractType" -> text(s, ProjectedFields.CONTRACT_TYPE, true);
            case "startDate" -> date(s, ProjectedFields.START_DATE);
            case "purposes" -> joined(s, ProjectedFields.PURPOSES);
            case "allowedRecipients" -> joined(s, ProjectedFields.RECIPIENTS);
            case "legalBasisOverride" -> text(s, ProjectedFields.LEGAL_BASIS, true);
            case "sector" -> text(s, ProjectedFields.SECTOR, true);
            case "intakeChannel" -> text(s, ProjectedFields.INTAKE_CHANNEL, true);
            default -> skip(s);
        };
    }

    /** A field the audit reads has a shape the walk does not cover: the schema goes the generic way. */
    private static final class Unsupported extends RuntimeException {
        Unsupported() {
            super(null, null, false, false);
        }
    }

    // ---- steps ---------------------------------------------------------------------------------------------------

    /** One field (or one value) of the body. */
    interface Step {
        void read(BinaryDecoder in, ProjectedFields into) throws IOException;
    }

    /** A value read as text ({@code toString()} of the generic value): strings, enum symbols, ints and longs. */
    private static Step text(Schema s, int slot, boolean shared) {
        return switch (s.getType()) {
            case STRING -> (in, into) -> into.text(slot, in, shared);
            case ENUM -> {
                List<String> symbols = s.getEnumSymbols();
                yield (in, into) -> into.set(slot, symbols.get(enumIndex(in, symbols.size())));
            }
            case INT -> (in, into) -> into.set(slot, Integer.toString(in.readInt()));
            case LONG -> (in, into) -> into.set(slot, Long.toString(in.readLong()));
            case NULL -> (in, into) -> into.set(slot, null);
            case UNION -> union(s, branch -> text(branch, slot, shared));
            default -> throw new Unsupported();
        };
    }

    /** A UUID in its text form (null allowed), as {@link LedgerEvent#uuid} reads it. */
    private static Step uuid(Schema s, int slot) {
        return switch (s.getType()) {
            case STRING -> (in, into) -> into.uuid(slot, in);
            case NULL -> (in, into) -> into.setUuid(slot, null);
            case UNION -> union(s, branch -> uuid(branch, slot));
            default -> throw new Unsupported();
        };
    }

    /** A long the flattening casts ({@code (Long)}): the schema must say long. */
    private static Step plainLong(Schema s, int slot) {
        if (s.getType() != Schema.Type.LONG) {
            throw new Unsupported();
        }
        return (in, into) -> into.setLong(slot, in.readLong());
    }

    /** A long or null (null reads as 0). */
    private static Step nullableLong(Schema s, int slot) {
        return switch (s.getType()) {
            case LONG -> (in, into) -> into.setLong(slot, in.readLong());
            case NULL -> (in, into) -> into.setLong(slot, 0);
            case UNION -> union(s, branch -> nullableLong(branch, slot));
            default -> throw new Unsupported();
        };
    }

    /** A date: an int is a day count (ISO text), anything else its text ({@link LedgerEvent#date}). */
    private static Step date(Schema s, int slot) {
        return switch (s.getType()) {
            case INT -> (in, into) -> into.set(slot, into.dateText(in.readInt()));
            case UNION -> union(s, branch -> date(branch, slot));
            default -> text(s, slot, true);
        };
    }

    /** An array of codes or ids joined by spaces; any value that is not an array reads as null. */
    private static Step joined(Schema s, int slot) {
        return switch (s.getType()) {
            case ARRAY -> {
                Step item = switch (s.getElementType().getType()) {
                    case STRING, ENUM, INT, LONG -> text(s.getElementType(), ProjectedFields.ITEM, true);
                    default -> throw new Unsupported(); // items whose text the walk does not build
                };
                yield (in, into) -> {
                    into.startJoin();
                    for (long n = in.readArrayStart(); n != 0; n = in.arrayNext()) {
                        for (long i = 0; i < n; i++) {
                            item.read(in, into);
                            into.joinItem();
                        }
                    }
                    into.endJoin(slot);
                };
            }
            case UNION -> union(s, branch -> joined(branch, slot));
            default -> {
                Step skip = skip(s);
                yield (in, into) -> {
                    skip.read(in, into);
                    into.set(slot, null);
                };
            }
        };
    }

    private static Step union(Schema s, java.util.function.Function<Schema, Step> branchStep) {
        List<Schema> types = s.getTypes();
        Step[] branches = new Step[types.size()];
        for (int i = 0; i < branches.length; i++) {
            branches[i] = branchStep.apply(types.get(i));
        }
        return (in, into) -> {
            int index = in.readIndex();
            if (index < 0 || index >= branches.length) {
                throw new IOException("union index " + index + " out of range");
            }
            branches[index].read(in, into);
        };
    }

    private static int enumIndex(BinaryDecoder in, int symbols) throws IOException {
        int index = in.readEnum();
        if (index < 0 || index >= symbols) {
            throw new IOException("enum index " + index + " out of range");
        }
        return index;
    }

    private static final Step NOTHING = (in, into) -> { };

    /**
     * Walks over a value without keeping it, rejecting what the generic reader rejects: lengths beyond the body,
     * negative lengths, enum and union indexes out of range.
     */
    static Step skip(Schema s) {
        return switch (s.getType()) {
            case NULL -> NOTHING;
            case BOOLEAN -> (in, into) -> in.readBoolean();
            case INT -> (in, into) -> in.readInt();
            case LONG -> (in, into) -> in.readLong();
            case FLOAT -> (in, into) -> in.readFloat();
            case DOUBLE -> (in, into) -> in.readDouble();
            case STRING, BYTES -> (in, into) -> skipLength(in, in.readLong());
            case FIXED -> {
                int size = s.getFixedSize();
                yield (in, into) -> skipLength(in, size);
            }
            case ENUM -> {
                int symbols = s.getEnumSymbols().size();
                yield (in, into) -> enumIndex(in, symbols);
            }
            case UNION -> union(s, EventProjection::skip);
            case RECORD -> {
                // a recursive record type would recurse here for ever: not a contract shape
                if (recordsBeingCompiled.get().contains(s)) {
                    throw new Unsupported();
                }
                recordsBeingCompiled.get().add(s);
                try {
                    Step[] fields = s.getFields().stream().map(f -> skip(f.schema())).toArray(Step[]::new);
                    yield (in, into) -> {
                        for (Step field : fields) {
                            field.read(in, into);
                        }
                    };
                } finally {
                    recordsBeingCompiled.get().remove(s);
                }
            }
            case ARRAY -> {
                Step item = skip(s.getElementType());
                yield (in, into) -> {
                    for (long n = in.readArrayStart(); n != 0; n = in.arrayNext()) {
                        for (long i = 0; i < n; i++) {
                            item.read(in, into);
                        }
                    }
                };
            }
            case MAP -> {
                Step value = skip(s.getValueType());
                yield (in, into) -> {
                    for (long n = in.readMapStart(); n != 0; n = in.mapNext()) {
                        for (long i = 0; i < n; i++) {
                            skipLength(in, in.readLong());
                            value.read(in, into);
                        }
                    }
                };
            }
        };
    }

    private static final ThreadLocal<java.util.Set<Schema>> recordsBeingCompiled =
            ThreadLocal.withInitial(() -> java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));

    private static void skipLength(BinaryDecoder in, long length) throws IOException {
        if (length < 0 || length > in.remainingBytes()) {
            throw new IOException("length " + length + " is negative or beyond the body");
        }
        in.skipFixed((int) length);
    }
}
