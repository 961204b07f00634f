package it.rete.plumbing.deadletter;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;

/**
 * Passes a record to the dead-letter topic only when the record itself is at fault. Refusing (throwing) makes the
 * error handler deliver the record again instead:
 * <ul>
 * <li>a failure that passes by itself ({@link TransientFailures}): the record is fine;</li>
 * <li>a batch whose listener named another record as the one that failed: this record was not even tried. (A
 * batch retried in memory after a failure of the moment hands every record of it to the recoverer when the
 * listener then names a poison record; only that one may go.)</li>
 * </ul>
 */
final class PoisonOnlyRecoverer implements ConsumerRecordRecoverer {

    private final ConsumerRecordRecoverer deadLetters;

    PoisonOnlyRecoverer(ConsumerRecordRecoverer deadLetters) {
        this.deadLetters = deadLetters;
    }

    @Override
    public void accept(ConsumerRecord<?, ?> record, Exception exception) {
        if (TransientFailures.isTransient(exception)) {
            throw new IllegalStateException("Transient failure, the record will be delivered again", exception);
        }
        ConsumerRecord<?, ?> failed = failedRecordOfBatch(exception);
        if (failed != null && !samePosition(failed, record)) {
            throw new IllegalStateException("Record " + failed.topic() + "-" + failed.partition() + "@"
                    + failed.offset() + " of the batch failed, not this one: it will be delivered again", exception);
        }
        deadLetters.accept(record, exception);
    }

    private static ConsumerRecord<?, ?> failedRecordOfBatch(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof BatchListenerFailedException batch) {
                return batch.getRecord();
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return null;
    }

    private static boolean samePosition(ConsumerRecord<?, ?> a, ConsumerRecord<?, ?> b) {
        return a.topic().equals(b.topic()) && a.partition() == b.partition() && a.offset() == b.offset();
    }
}
