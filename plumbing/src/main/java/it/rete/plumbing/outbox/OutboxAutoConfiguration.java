package it.rete.plumbing.outbox;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import javax.sql.DataSource;

import io.debezium.engine.DebeziumEngine;
import io.micrometer.core.instrument.MeterRegistry;
import it.rete.plumbing.postgres.EmbeddedPostgresAutoConfiguration;
import it.rete.plumbing.postgres.PlumbingDatabaseAutoConfiguration;
import it.rete.plumbing.postgres.PostgresConnectionInfo;
import it.rete.plumbing.relay.OutboxRelay;
import it.rete.plumbing.relay.OutboxRelayHealthIndicator;
import it.rete.plumbing.relay.RelayProperties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.BeanUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.util.ClassUtils;

/**
 * The transactional outbox ({@link OutboxWriter}, {@link OutboxSequencer}) and its Debezium relay ({@link OutboxRelay}, health
 * {@code debezium}), active when {@code rete.outbox.topic} is set. {@code rete.relay.enabled=false} keeps the
 * writer and drops the relay.
 */
@AutoConfiguration(after = { EmbeddedPostgresAutoConfiguration.class, DataSourceAutoConfiguration.class,
        PlumbingDatabaseAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
        KafkaAutoConfiguration.class })
@ConditionalOnProperty("rete.outbox.topic")
@ConditionalOnBean(DataSource.class)
@EnableConfigurationProperties({ OutboxProperties.class, KafkaProperties.class })
public class OutboxAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(OutboxAutoConfiguration.class);

    /** Used when the service left Boot's default value serializer (String): outbox values are framed Avro. */
    static final String DEFAULT_VALUE_SERIALIZER = "it.rete.plumbing.serde.AvroSerializer";

    @Bean
    @ConditionalOnMissingBean
    public OutboxSequencer outboxSequencer(DataSource dataSource, PlatformTransactionManager transactionManager,
            OutboxProperties properties, ObjectProvider<SequencedEventsListener> listeners,
            ObjectProvider<MeterRegistry> meterRegistry) {
        OutboxProperties.Sequencer settings = properties.getSequencer();
        OutboxSequencer sequencer = new OutboxSequencer(dataSource, transactionManager,
                listeners.orderedStream().toList(), settings.getBatchSize(), settings.getPollInterval(),
                meterRegistry.getIfAvailable());
        sequencer.setAutoStartup(settings.isEnabled());
        return sequencer;
    }

    @Bean
    @ConditionalOnMissingBean
    public OutboxWriter outboxWriter(DataSource dataSource, OutboxProperties properties,
            KafkaProperties kafkaProperties, OutboxSequencer sequencer) {
        return new OutboxWriter(dataSource, properties, outboxValueSerializer(kafkaProperties), sequencer::signal);
    }

    /**
     * The value serializer of Spring Kafka's producer ({@code spring.kafka.producer.value-serializer}), configured
     * with the producer properties ({@code spring.kafka.properties.schema.registry.url}, ...).
     */
    @SuppressWarnings("unchecked")
    static Serializer<Object> outboxValueSerializer(KafkaProperties kafkaProperties) {
        Map<String, Object> config = new HashMap<>(kafkaProperties.buildProducerProperties());
        Object configured = config.get(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);
        Class<?> type;
        try {
            ClassLoader loader = OutboxAutoConfiguration.class.getClassLoader();
            if (configured == null || configured == StringSerializer.class
                    || StringSerializer.class.getName().equals(configured)) {
                log.info("spring.kafka.producer.value-serializer not set: outbox values use {}",
                        DEFAULT_VALUE_SERIALIZER);
                type = ClassUtils.forName(DEFAULT_VALUE_SERIALIZER, loader);
            }
            else {
                type = configured instanceof Class<?> c ? c : ClassUtils.forName(configured.toString(), loader);
            }
        }
        catch (ClassNotFoundException e) {
            throw new IllegalStateException("Outbox value serializer not found", e);
        }
        if (!Serializer.class.isAssignableFrom(type)) {
            throw new IllegalStateException(type.getName() + " is not a Kafka Serializer");
        }
        Serializer<Object> serializer = (Serializer<Object>) BeanUtils.instantiateClass(type);
        serializer.configure(config, false);
        return serializer;
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(DebeziumEngine.class)
    @ConditionalOnBooleanProperty(name = "rete.relay.enabled", matchIfMissing = true)
    @EnableConfigurationProperties(RelayProperties.class)
    static class RelayConfiguration {

        @Bean
        @ConditionalOnMissingBean
        public OutboxRelay outboxRelay(RelayProperties relayProperties, OutboxProperties outboxProperties,
                PostgresConnectionInfo postgres, DataSource dataSource, KafkaProperties kafkaProperties,
                ObjectProvider<MeterRegistry> meterRegistry, Environment env) {
            return new OutboxRelay(relayProperties, outboxProperties.getTopic(), offsetsFile(relayProperties, env),
                    postgres, dataSource, kafkaProperties.buildProducerProperties(), meterRegistry.getIfAvailable());
        }

        @Bean
        @ConditionalOnClass(HealthIndicator.class)
        @ConditionalOnMissingBean(name = "debeziumHealthIndicator")
        public OutboxRelayHealthIndicator debeziumHealthIndicator(OutboxRelay relay) {
            return new OutboxRelayHealthIndicator(relay);
        }

        static Path offsetsFile(RelayProperties properties, Environment env) {
            if (properties.getOffsetsFile() != null && !properties.getOffsetsFile().isBlank()) {
                return Path.of(properties.getOffsetsFile());
            }
            return Path.of(env.getProperty("rete.data-dir", "./data"), "debezium", "offsets.dat");
        }
    }
}
