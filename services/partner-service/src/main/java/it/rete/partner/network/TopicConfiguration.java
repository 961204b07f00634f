package it.rete.partner.network;

import it.rete.plumbing.ledger.LedgerTopics;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** This partner's topics are created explicitly (where it may: on a secured broker the administrator does), with its configuration (the broker does not auto-create topics). */
@Configuration(proxyBeanMethods = false)
class TopicConfiguration {

    @Bean
    NewTopic ledgerTopic(NetworkProperties network) {
        return LedgerTopics.ledgerTopic(network.partnerId(), network.topics().ledgerPartitions(),
                network.topics().replicationFactor());
    }

    /** This partner's public keys for sealed dossiers. */
    @Bean
    NewTopic keyDirectoryTopic(NetworkProperties network) {
        return LedgerTopics.keyDirectoryTopic(network.partnerId(), network.topics().replicationFactor());
    }

    /** The services this partner offers, for the network directory. */
    @Bean
    NewTopic serviceDirectoryTopic(NetworkProperties network) {
        return LedgerTopics.serviceDirectoryTopic(network.partnerId(), network.topics().replicationFactor());
    }
}
