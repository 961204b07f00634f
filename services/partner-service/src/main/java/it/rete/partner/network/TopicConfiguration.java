package it.rete.partner.network;

import it.rete.plumbing.ledger.LedgerTopics;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** This partner's ledger is created explicitly, with its configuration (the broker does not auto-create topics). */
@Configuration(proxyBeanMethods = false)
class TopicConfiguration {

    @Bean
    NewTopic ledgerTopic(NetworkProperties network) {
        return LedgerTopics.ledgerTopic(network.partnerId(), network.topics().ledgerPartitions(),
                network.topics().replicationFactor());
    }
}
