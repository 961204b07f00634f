package it.rete.plumbing.deadletter;

import java.util.LinkedHashMap;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import it.rete.plumbing.ledger.LedgerTopics;
import it.rete.plumbing.serde.AvroSerializer;
import it.rete.plumbing.serde.SchemaRegistryException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Poison records never stop a consumer: a record that cannot be deserialized, or that can never be applied,
 * goes to the consumer's dead-letter topic with the reason in its headers, and the next record is processed.
 * Other failures (a database hiccup) are retried with backoff first; a record that could not be read because the
 * schema registry is unreachable is never dead-lettered, it is read again until the registry is back.
 */
@AutoConfiguration
@ConditionalOnProperty("rete.dead-letter.consumer-id")
public class DeadLetterAutoConfiguration {

    @Bean
    NewTopic deadLetterTopic(@Value("${rete.dead-letter.consumer-id}") String consumerId,
                             @Value("${rete.topics.replication-factor:1}") short replicationFactor) {
        return LedgerTopics.deadLetterTopic(consumerId, replicationFactor);
    }

    @Bean
    CommonErrorHandler deadLetterErrorHandler(KafkaProperties kafkaProperties,
                                              @Value("${rete.dead-letter.consumer-id}") String consumerId,
                                              ObjectProvider<MeterRegistry> meterRegistry) {
        String topic = LedgerTopics.deadLetter(consumerId);
        // registered at start, so that monitoring sees 0 rather than nothing
        MeterRegistry registry = meterRegistry.getIfAvailable();
        Counter deadLettered = registry == null ? null : Counter.builder("rete.dead.letters")
                .description("Records sent to the dead-letter topic (undeserializable, forged or inapplicable)")
                .tag("consumer", consumerId).register(registry);
        var deadLetters = new DeadLetterPublishingRecoverer(deadLetterTemplate(kafkaProperties),
                (record, exception) -> new TopicPartition(topic, -1));
        ConsumerRecordRecoverer recoverer = (record, exception) -> {
            if (registryUnavailable(exception)) {
                // not a poison record: the registry is down. Failing recovery makes the record be read again.
                throw new IllegalStateException("Schema registry unavailable, record will be retried", exception);
            }
            deadLetters.accept(record, exception);
            if (deadLettered != null) {
                deadLettered.increment();
            }
        };
        var backOff = new ExponentialBackOff(200, 2.0);
        backOff.setMaxInterval(5_000);
        backOff.setMaxElapsedTime(30_000);
        var handler = new DefaultErrorHandler(recoverer, backOff);
        handler.addNotRetryableExceptions(UnprocessableEventException.class, DeserializationException.class);
        return handler;
    }

    private static boolean registryUnavailable(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof SchemaRegistryException registry && registry.isTransient()) {
                return true;
            }
        }
        return false;
    }

    /** Undeserializable records are forwarded as their original bytes; applied-but-refused ones as Avro again. */
    private static KafkaTemplate<Object, Object> deadLetterTemplate(KafkaProperties kafkaProperties) {
        Map<String, Object> config = new LinkedHashMap<>(kafkaProperties.buildProducerProperties());
        Serializer<Object> avro = new AvroSerializer();
        avro.configure(config, false);
        Map<Class<?>, Serializer<?>> byType = new LinkedHashMap<>();
        byType.put(byte[].class, new ByteArraySerializer());
        byType.put(SpecificRecord.class, avro);
        @SuppressWarnings({"unchecked", "rawtypes"})
        Serializer<Object> keys = (Serializer) new StringSerializer();
        @SuppressWarnings({"unchecked", "rawtypes"})
        Serializer<Object> values = (Serializer) new DelegatingByTypeSerializer(byType, true);
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config, keys, values));
    }
}
