package it.rete.plumbing.health;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;

/** Actuator health shows whether the broker and the schema registry can be reached. */
@AutoConfiguration
public class NetworkHealthAutoConfiguration {

    @Bean
    @ConditionalOnProperty("spring.kafka.bootstrap-servers")
    KafkaBrokerHealthIndicator kafkaHealthIndicator(KafkaProperties kafkaProperties) {
        return new KafkaBrokerHealthIndicator(kafkaProperties.buildAdminProperties());
    }

    @Bean
    @ConditionalOnProperty("spring.kafka.properties.schema.registry.url")
    SchemaRegistryHealthIndicator schemaRegistryHealthIndicator(KafkaProperties kafkaProperties) {
        return new SchemaRegistryHealthIndicator(kafkaProperties.getProperties().get("schema.registry.url"));
    }
}
