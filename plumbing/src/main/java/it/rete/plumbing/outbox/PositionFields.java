package it.rete.plumbing.outbox;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * Where an event record carries its ledger position: a {@code long} field {@value #SEQUENCE} and a {@code string}
 * field {@value #PREVIOUS_HASH}, either in the record itself or in one of its record-typed fields (the envelope).
 */
final class PositionFields {

    static final String SEQUENCE = "sequence";
    static final String PREVIOUS_HASH = "previousEventHash";

    private static final Map<Schema, PositionFields> BY_SCHEMA = new ConcurrentHashMap<>();

    /** Position of the record-typed field holding the position, or -1 when the record holds it itself. */
    private final int holder;
    private final int sequence;
    private final int previousHash;

    private PositionFields(int holder, int sequence, int previousHash) {
        this.holder = holder;
        this.sequence = sequence;
        this.previousHash = previousHash;
    }

    static PositionFields of(Schema schema) {
        return BY_SCHEMA.computeIfAbsent(schema, PositionFields::find);
    }

    private static PositionFields find(Schema schema) {
        if (schema.getType() != Schema.Type.RECORD) {
            throw new IllegalArgumentException("An event is an Avro record, not " + schema.getType());
        }
        if (holdsPosition(schema)) {
            return new PositionFields(-1, schema.getField(SEQUENCE).pos(), schema.getField(PREVIOUS_HASH).pos());
        }
        for (Schema.Field field : schema.getFields()) {
            Schema type = field.schema();
            if (type.getType() == Schema.Type.RECORD && holdsPosition(type)) {
                return new PositionFields(field.pos(), type.getField(SEQUENCE).pos(),
                        type.getField(PREVIOUS_HASH).pos());
            }
        }
        throw new IllegalArgumentException(schema.getFullName() + " carries no ledger position: it needs a long '"
                + SEQUENCE + "' and a string '" + PREVIOUS_HASH + "', in itself or in a record field");
    }

    private static boolean holdsPosition(Schema record) {
        Schema.Field sequence = record.getField(SEQUENCE);
        Schema.Field previousHash = record.getField(PREVIOUS_HASH);
        return sequence != null && sequence.schema().getType() == Schema.Type.LONG
                && previousHash != null && previousHash.schema().getType() == Schema.Type.STRING;
    }

    /** Writes {@code position} into the record (in place). */
    void set(IndexedRecord event, LedgerPosition position) {
        IndexedRecord target = holder < 0 ? event : (IndexedRecord) event.get(holder);
        if (target == null) {
            throw new IllegalArgumentException(event.getSchema().getFullName() + " has no envelope to place in");
        }
        target.put(sequence, position.sequence());
        target.put(previousHash, position.previousEventHash());
    }
}
