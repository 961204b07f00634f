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

    /** This partner's public keys for sealed dossiers: compacted, the latest key per partner is what counts. */
    @Bean
    NewTopic keyDirectoryTopic(NetworkProperties network) {
        return new NewTopic(it.rete.partner.keys.OwnKeys.topic(network.partnerId()), 1,
                network.topics().replicationFactor()).configs(java.util.Map.of(
                org.apache.kafka.common.config.TopicConfig.CLEANUP_POLICY_CONFIG,
                org.apache.kafka.common.config.TopicConfig.CLEANUP_POLICY_COMPACT));
    }
}
