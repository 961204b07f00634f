package it.rete.cabina.ledger;

import it.rete.cabina.rebuild.LedgerConsumption;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Follows every partner's ledger, including ledgers of partners that join later (pattern subscription). The
 * container is started by {@link LedgerConsumption}, which first decides where to start
 * reading. Records come a poll at a time; one that can never be applied goes to the dead-letter topic configured by
 * the plumbing's error handler.
 */
@Component
class LedgerListener {

    private final EventProjector projector;

    LedgerListener(EventProjector projector) {
        this.projector = projector;
    }

    // the consumer group is spring.kafka.consumer.group-id, not the listener id
    @KafkaListener(id = LedgerConsumption.LISTENER_ID, idIsGroup = false, autoStartup = "false", batch = "true",
            concurrency = "${rete.cabina.consumers:1}",
            topicPattern = "#{T(it.rete.plumbing.ledger.LedgerTopics).ALL_LEDGERS.pattern()}")
    void onEvents(List<ConsumerRecord<String, Object>> records) {
        projector.project(records);
    }
}
