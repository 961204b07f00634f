package it.rete.plumbing.testsupport;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecordBase;

/** A small hand-written Avro specific record standing in for a real ledger event (with its envelope fields). */
public class TestEvent extends SpecificRecordBase {

    public static final Schema SCHEMA$ = new Schema.Parser().parse("""
            {"type": "record", "name": "TestEvent", "namespace": "it.rete.plumbing.testsupport", "fields": [
              {"name": "eventId", "type": "string"},
              {"name": "caseId", "type": "string"},
              {"name": "sequence", "type": "long"},
              {"name": "previousEventHash", "type": "string"},
              {"name": "note", "type": "string"}
            ]}""");

    private String eventId;
    private String caseId;
    private long sequence;
    private String previousEventHash;
    private String note;

    public TestEvent() {
    }

    public TestEvent(String eventId, String caseId, long sequence, String previousEventHash, String note) {
        this.eventId = eventId;
        this.caseId = caseId;
        this.sequence = sequence;
        this.previousEventHash = previousEventHash;
        this.note = note;
    }

    @Override
    public Schema getSchema() {
        return SCHEMA$;
    }

    @Override
    public Object get(int field) {
        return switch (field) {
            case 0 -> eventId;
            case 1 -> caseId;
            case 2 -> sequence;
            case 3 -> previousEventHash;
            case 4 -> note;
            default -> throw new IndexOutOfBoundsException(field);
        };
    }

    @Override
    public void put(int field, Object value) {
        switch (field) {
            case 0 -> eventId = String.valueOf(value);
            case 1 -> caseId = String.valueOf(value);
            case 2 -> sequence = (Long) value;
            case 3 -> previousEventHash = String.valueOf(value);
            case 4 -> note = String.valueOf(value);
            default -> throw new IndexOutOfBoundsException(field);
        }
    }

    public String note() {
        return note;
    }
}
