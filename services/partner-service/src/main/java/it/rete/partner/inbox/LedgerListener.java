package it.rete.partner.inbox;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Follows every other partner's ledger, including ledgers of partners that join later (pattern subscription).
 * Failures go to the dead-letter topic configured by the plumbing's error handler.
 */
@Component
class LedgerListener {

    private final RemoteEventApplier applier;

    LedgerListener(RemoteEventApplier applier) {
        this.applier = applier;
    }

    // the consumer group is this partner's (spring.kafka.consumer.group-id), not the listener id
    @KafkaListener(id = "ledgers", idIsGroup = false,
            topicPattern = "#{T(it.rete.plumbing.ledger.LedgerTopics).ledgersExcept('${rete.partner.id}').pattern()}")
    void onEvent(ConsumerRecord<String, Object> record) {
        applier.apply(record);
    }
}
