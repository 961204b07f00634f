package it.rete.cabina.ledger;

import it.rete.cabina.rebuild.LedgerConsumption;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Follows every partner's ledger, including ledgers of partners that join later (pattern subscription). The
 * container is started by {@link LedgerConsumption}, which first decides where to start
 * reading. Failures go to the dead-letter topic configured by the plumbing's error handler.
 */
@Component
class LedgerListener {

    private final EventProjector projector;

    LedgerListener(EventProjector projector) {
        this.projector = projector;
    }

    // the consumer group is spring.kafka.consumer.group-id, not the listener id
    @KafkaListener(id = LedgerConsumption.LISTENER_ID, idIsGroup = false, autoStartup = "false",
            concurrency = "${rete.cabina.consumers:1}",
            topicPattern = "#{T(it.rete.plumbing.ledger.LedgerTopics).ALL_LEDGERS.pattern()}")
    void onEvent(ConsumerRecord<String, Object> record) {
        projector.project(record);
    }
}
