package it.rete.audit.ledger;

import java.util.HashMap;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

/**
 * Decodes framed contract events straight into {@link LedgerEvent}s through the {@link EventProjection} of their
 * writer schema, known by schema id once the generic path has decoded one record of it ({@link #learn}). For one
 * thread at a time. Whatever it cannot decode (unknown schema id, not framed, a shape the projection does not cover,
 * a body the generic reader would reject) it leaves to the generic path: {@link #decode} returns null.
 */
final class EventDecoder {

    /** Schema ids remembered (a replay sees a handful); others go the generic way. */
    private static final int MAX_SCHEMAS = 1024;
    private static final EventProjection NONE = null;

    private final Map<Integer, EventProjection> bySchemaId = new HashMap<>();
    private final ProjectedFields fields = new ProjectedFields();
    private BinaryDecoder decoder;
    private int lastId = -1;
    private EventProjection last;

    /** Whether records of schema {@code id} are known, i.e. {@link #learn} was called for it. */
    boolean knows(int id) {
        return bySchemaId.containsKey(id);
    }

    /** Compiles the projection of {@code writer}, the schema of id {@code id}. */
    void learn(int id, Schema writer) {
        if (!bySchemaId.containsKey(id) && bySchemaId.size() < MAX_SCHEMAS) {
            bySchemaId.put(id, writer == null ? NONE : EventProjection.compile(writer));
        }
    }

    /** The schema id of a framed value, or -1 when it is not Confluent-framed. */
    static int schemaId(byte[] value) {
        if (value == null || value.length < 5 || value[0] != 0) {
            return -1;
        }
        return (value[1] & 0xff) << 24 | (value[2] & 0xff) << 16 | (value[3] & 0xff) << 8 | value[4] & 0xff;
    }

    /**
     * The event in {@code value}, or null when the generic path must decode it. After a non-null result,
     * {@link #previousEventHash()} is that event's envelope hash.
     */
    LedgerEvent decode(byte[] value, Position position, long recordTimestamp) {
        int id = schemaId(value);
        if (id < 0) {
            return null;
        }
        EventProjection projection;
        if (id == lastId) {
            projection = last;
        } else {
            projection = bySchemaId.get(id);
            if (projection != null) {
                lastId = id;
                last = projection;
            }
        }
        if (projection == null) {
            return null;
        }
        decoder = DecoderFactory.get().binaryDecoder(value, 5, value.length - 5, decoder);
        fields.clear();
        try {
            projection.read(decoder, fields);
            return fields.event(projection.type(), position, recordTimestamp);
        } catch (java.io.IOException | RuntimeException e) {
            return null; // the generic path says what is wrong with it
        }
    }

    String previousEventHash() {
        return fields.previousEventHash();
    }
}
