package it.rete.partner.inbox;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Follows every other partner's ledger, including ledgers of partners that join later (pattern subscription).
 * Records come a poll at a time and are applied in one transaction; one that can never be applied goes to the
 * dead-letter topic configured by the plumbing's error handler.
 */
@Component
class LedgerListener {

    private final RemoteEventApplier applier;

    LedgerListener(RemoteEventApplier applier) {
        this.applier = applier;
    }

    // the consumer group is this partner's (spring.kafka.consumer.group-id), not the listener id
    @KafkaListener(id = "ledgers", idIsGroup = false, batch = "true",
            topicPattern = "#{T(it.rete.plumbing.ledger.LedgerTopics).ledgersExcept('${rete.partner.id}').pattern()}")
    void onEvents(List<ConsumerRecord<String, Object>> records) {
        applier.applyAll(records);
    }
}
