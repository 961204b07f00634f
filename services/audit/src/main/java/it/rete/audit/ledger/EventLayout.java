package it.rete.audit.ledger;

import java.util.IdentityHashMap;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * Where the fields that {@link LedgerEvent} flattens sit in one contract schema, resolved once per schema instance
 * (a replay sees a handful of writer schemas): flattening then reads fields by position instead of looking each
 * name up in the schema for every event.
 */
final class EventLayout {

    private static final int ABSENT = -1;
    /** More distinct schemas than this are not remembered (flattened by name, still correctly). */
    private static final int MAX_CACHED = 1024;
    private static final EventLayout NOT_AN_EVENT = new EventLayout(null, null);

    /** Copy on write: read without locking by whichever thread decodes. */
    private static volatile Map<Schema, EventLayout> cache = new IdentityHashMap<>();

    private final EventType type;
    private final int envelope;
    private final Schema envelopeSchema;
    // envelope fields
    private final int eventId;
    private final int occurredAt;
    private final int sourcePartnerId;
    private final int caseId;
    private final int correlationId;
    private final int causationId;
    private final int sequence;
    private final int previousEventHash;
    // event fields, ABSENT when the event type has none
    private final int senderPartnerId;
    private final int dueBy;
    private final int referralId;
    private final int toPartnerId;
    private final int serviceType;
    private final int urgency;
    private final int outcome;
    private final int reasonCode;
    private final int kind;
    private final int contractType;
    private final int startDate;
    private final int purposes;
    private final int allowedRecipients;
    private final int legalBasisOverride;
    private final int sector;
    private final int intakeChannel;

    private EventLayout(EventType type, Schema schema) {
        this.type = type;
        Schema.Field envelopeField = schema == null ? null : schema.getField("envelope");
        Schema envelope = envelopeField == null ? null : envelopeField.schema();
        boolean complete = envelope != null && envelope.getType() == Schema.Type.RECORD;
        for (String name : new String[] {"eventId", "occurredAt", "sourcePartnerId", "caseId", "correlationId",
                "causationId", "sequence", "previousEventHash"}) {
            complete &= complete && envelope.getField(name) != null;
        }
        // a schema whose envelope is not a plain record with every field goes the slow way (byName)
        this.envelope = complete ? envelopeField.pos() : ABSENT;
        this.envelopeSchema = complete ? envelope : null;
        this.eventId = position(envelopeSchema, "eventId");
        this.occurredAt = position(envelopeSchema, "occurredAt");
        this.sourcePartnerId = position(envelopeSchema, "sourcePartnerId");
        this.caseId = position(envelopeSchema, "caseId");
        this.correlationId = position(envelopeSchema, "correlationId");
        this.causationId = position(envelopeSchema, "causationId");
        this.sequence = position(envelopeSchema, "sequence");
        this.previousEventHash = position(envelopeSchema, "previousEventHash");
        this.senderPartnerId = position(schema, "senderPartnerId");
        this.dueBy = position(schema, "dueBy");
        this.referralId = position(schema, "referralId");
        this.toPartnerId = position(schema, "toPartnerId");
        this.serviceType = position(schema, "serviceType");
        this.urgency = position(schema, "urgency");
        this.outcome = position(schema, "outcome");
        this.reasonCode = position(schema, type == EventType.CASE_CLOSED ? "reason" : "reasonCode");
        this.kind = position(schema, "kind");
        this.contractType = position(schema, "contractType");
        this.startDate = position(schema, "startDate");
        this.purposes = position(schema, "purposes");
        this.allowedRecipients = position(schema, "allowedRecipients");
        this.legalBasisOverride = position(schema, "legalBasisOverride");
        this.sector = position(schema, "sector");
        this.intakeChannel = position(schema, "intakeChannel");
    }

    private static int position(Schema record, String name) {
        Schema.Field field = record == null || record.getType() != Schema.Type.RECORD ? null : record.getField(name);
        return field == null ? ABSENT : field.pos();
    }

    static EventLayout of(Schema schema) {
        EventLayout layout = cache.get(schema);
        return layout != null ? layout : resolve(schema);
    }

    private static synchronized EventLayout resolve(Schema schema) {
        EventLayout layout = cache.get(schema);
        if (layout != null) {
            return layout;
        }
        EventType type = schema.getType() != Schema.Type.RECORD ? null : EventType.ofRecordName(schema.getName());
        layout = type == null || !EventType.NAMESPACE.equals(schema.getNamespace()) ? NOT_AN_EVENT
                : new EventLayout(type, schema);
        if (cache.size() < MAX_CACHED) {
            Map<Schema, EventLayout> copy = new IdentityHashMap<>(cache);
            copy.put(schema, layout);
            cache = copy;
        }
        return layout;
    }

    /** The event type, null when the schema is not a contract event. */
    EventType type() {
        return type;
    }

    int previousEventHashPosition() {
        return previousEventHash;
    }

    /** The envelope of {@code event} when this layout covers it, else null (the caller reads by name). */
    GenericRecord envelope(GenericRecord event) {
        if (envelope == ABSENT) {
            return null;
        }
        return event.get(envelope) instanceof GenericRecord value && value.getSchema() == envelopeSchema
                ? value : null;
    }

    LedgerEvent flatten(GenericRecord event, GenericRecord envelope, Position position, long recordTimestamp) {
        String source = LedgerEvent.str(envelope.get(sourcePartnerId));
        String sender = type == EventType.REFERRAL_SENT || type == EventType.REFERRAL_WITHDRAWN ? source
                : LedgerEvent.str(field(event, senderPartnerId));
        Object due = field(event, dueBy);
        return new LedgerEvent(type, LedgerEvent.uuid(envelope.get(eventId)),
                LedgerEvent.millis(envelope.get(occurredAt)), source, LedgerEvent.str(envelope.get(caseId)),
                LedgerEvent.str(envelope.get(correlationId)), LedgerEvent.uuid(envelope.get(causationId)),
                (Long) envelope.get(sequence), LedgerEvent.uuid(field(event, referralId)), sender,
                LedgerEvent.str(field(event, toPartnerId)), LedgerEvent.str(field(event, serviceType)),
                LedgerEvent.str(field(event, urgency)), due == null ? 0 : LedgerEvent.millis(due),
                LedgerEvent.str(field(event, outcome)), LedgerEvent.str(field(event, reasonCode)),
                LedgerEvent.str(field(event, kind)), LedgerEvent.str(field(event, contractType)),
                LedgerEvent.date(field(event, startDate)), LedgerEvent.joined(field(event, purposes)),
                LedgerEvent.joined(field(event, allowedRecipients)),
                LedgerEvent.str(field(event, legalBasisOverride)), LedgerEvent.str(field(event, sector)),
                LedgerEvent.str(field(event, intakeChannel)), position, recordTimestamp);
    }

    private static Object field(GenericRecord record, int position) {
        return position == ABSENT ? null : record.get(position);
    }
}
