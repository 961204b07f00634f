package it.rete.plumbing.ledger;

import it.rete.plumbing.deadletter.TransientFailures;
import it.rete.plumbing.deadletter.UnprocessableEventException;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;

/** What every consumer of the ledgers checks before applying a record, whatever it does with it. */
public final class LedgerRecords {

    private static final LogAccessor LOG = new LogAccessor(LogFactory.getLog(LedgerRecords.class));

    private LedgerRecords() {
    }

    /**
     * The record itself, when its value could be read. A batch listener gets the records the deserializer failed on
     * too, with the failure in a header: unreadable bytes are for the dead-letter topic, but a registry that could
     * not be reached is a failure of the moment, thrown as it is so that the record is read again.
     *
     * @throws UnprocessableEventException when the value can never be read
     */
    public static <R extends ConsumerRecord<String, ?>> R requireReadable(R record) {
        if (record.value() != null) {
            return record;
        }
        DeserializationException unreadable = SerializationUtils.getExceptionFromHeader(record,
                SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOG);
        if (unreadable != null) {
            TransientFailures.transientCause(unreadable).ifPresent(cause -> {
                throw cause instanceof RuntimeException runtime ? runtime
                        : new IllegalStateException(cause.getMessage(), cause);
            });
        }
        throw new UnprocessableEventException("Record at " + position(record) + " cannot be read"
                + (unreadable == null ? " (no value)" : ": " + unreadable.getMessage()), unreadable);
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
