package it.rete.audit.ledger;

import org.apache.avro.specific.SpecificRecord;

/**
 * A record of a ledger as read: where it is, its Kafka metadata, its raw value (the hash chain covers its bytes)
 * and, when it could be decoded, the contract event and its flat form.
 *
 * @param ceSource    the {@code ce_source} header, null when absent
 * @param decodeError why the value could not be decoded as a contract event, null when it could
 */
public record LedgerRecord(
        Position position,
        long timestamp,
        String key,
        byte[] value,
        String ceId,
        String ceType,
        String ceSource,
        SpecificRecord event,
        LedgerEvent ledgerEvent,
        String decodeError) {

    public boolean decoded() {
        return ledgerEvent != null;
    }
}
