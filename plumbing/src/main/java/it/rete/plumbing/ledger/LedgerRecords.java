package it.rete.plumbing.ledger;

import it.rete.plumbing.deadletter.UnprocessableEventException;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** What every consumer of the ledgers checks before applying a record, whatever it does with it. */
public final class LedgerRecords {

    private LedgerRecords() {
    }

    /**
     * The record's event, once it is known to be a Rete event (a record with an envelope) written to the ledger of
     * the partner it claims to come from: only the owner writes its ledger, so anything else is forged or misrouted.
     *
     * @throws UnprocessableEventException otherwise, for the dead-letter topic
     */
    public static SpecificRecord requireOwnedEvent(ConsumerRecord<String, ?> record) {
        if (!(record.value() instanceof SpecificRecord event) || event.getSchema().getField("envelope") == null) {
            throw new UnprocessableEventException("Record at " + position(record) + " is not a Rete event");
        }
        IndexedRecord envelope = envelope(event);
        String source = String.valueOf(field(envelope, "sourcePartnerId"));
        String ledgerOwner = LedgerTopics.ownerOf(record.topic());
        if (!source.equals(ledgerOwner)) {
            throw new UnprocessableEventException("Event " + field(envelope, "eventId") + " claims to come from "
                    + source + " but was written to the ledger of " + ledgerOwner);
        }
        return event;
    }

    /** The envelope of a Rete event (the contracts' {@code Envelope}). */
    public static IndexedRecord envelope(SpecificRecord event) {
        return (IndexedRecord) event.get(event.getSchema().getField("envelope").pos());
    }

    /** {@code topic-partition@offset}, how logs and dead-letter reasons name a record. */
    public static String position(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }

    private static Object field(IndexedRecord record, String name) {
        Schema.Field field = record.getSchema().getField(name);
        return field == null ? null : record.get(field.pos());
    }
}
