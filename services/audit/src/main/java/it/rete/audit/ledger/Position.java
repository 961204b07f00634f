package it.rete.audit.ledger;

/** Where a record is in Kafka: what every finding of the audit points at. */
public record Position(String topic, int partition, long offset) {

    @Override
    public String toString() {
        return topic + "-" + partition + "@" + offset;
    }
}
