package it.rete.plumbing.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;

class PoisonOnlyRecovererTest {

    private final List<ConsumerRecord<?, ?>> deadLettered = new ArrayList<>();
    private final PoisonOnlyRecoverer recoverer = new PoisonOnlyRecoverer((record, e) -> deadLettered.add(record));

    private final ConsumerRecord<String, String> first = new ConsumerRecord<>("rete.a.events", 0, 10, "k", "v");
    private final ConsumerRecord<String, String> poison = new ConsumerRecord<>("rete.a.events", 0, 11, "k", "v");

    @Test
    void theRecordTheBatchListenerNamedIsDeadLettered() {
        recoverer.accept(poison, failed(poison, new UnprocessableEventException("forged")));
        assertThat(deadLettered).containsExactly(poison);
    }

    @Test
    void anotherRecordOfThatBatchIsRefusedSoThatItIsDeliveredAgain() {
        assertThatThrownBy(() -> recoverer.accept(first, failed(poison, new UnprocessableEventException("forged"))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("rete.a.events-0@11");
        assertThat(deadLettered).isEmpty();
    }

    @Test
    void aFailureThatPassesNeverDeadLettersTheRecord() {
        assertThatThrownBy(() -> recoverer.accept(poison, failed(poison, new QueryTimeoutException("timeout"))))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> recoverer.accept(first, new QueryTimeoutException("timeout")))
                .isInstanceOf(IllegalStateException.class);
        assertThat(deadLettered).isEmpty();
    }

    @Test
    void aRecordListenersFailureDeadLettersTheRecord() {
        recoverer.accept(first, new ListenerExecutionFailedException("failed", new UnprocessableEventException("x")));
        assertThat(deadLettered).containsExactly(first);
    }

    private static Exception failed(ConsumerRecord<?, ?> record, Exception cause) {
        return new ListenerExecutionFailedException("listener failed",
                new BatchListenerFailedException(cause.getMessage(), cause, record));
    }
}
