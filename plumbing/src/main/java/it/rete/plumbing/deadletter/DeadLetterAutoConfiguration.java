package it.rete.plumbing.deadletter;

import java.util.LinkedHashMap;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import it.rete.plumbing.ledger.LedgerTopics;
import it.rete.plumbing.serde.AvroSerializer;
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
 * A failure of the moment ({@link TransientFailures}: the database or the schema registry unreachable, a lost lock
 * conflict) is never dead-lettered: the record is tried again, with backoff, for as long as the failure lasts.
 * Other failures are retried with backoff for 30 s, then dead-lettered.
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
        ConsumerRecordRecoverer toDeadLetters = (record, exception) -> {
            deadLetters.accept(record, exception);
            if (deadLettered != null) {
                deadLettered.increment();
            }
        };
        var backOff = new ExponentialBackOff(200, 2.0);
        backOff.setMaxInterval(5_000);
        backOff.setMaxElapsedTime(30_000);
        var handler = new DefaultErrorHandler(new PoisonOnlyRecoverer(toDeadLetters), backOff);
        handler.addNotRetryableExceptions(UnprocessableEventException.class, DeserializationException.class);
        var untilItPasses = new ExponentialBackOff(200, 2.0);
        untilItPasses.setMaxInterval(5_000);
        untilItPasses.setMaxElapsedTime(Long.MAX_VALUE);
        handler.setBackOffFunction((record, exception) ->
                TransientFailures.isTransient(exception) ? untilItPasses : null);
        return handler;
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
