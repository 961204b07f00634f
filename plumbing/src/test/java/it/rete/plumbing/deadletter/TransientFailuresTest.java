package it.rete.plumbing.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import it.rete.plumbing.serde.SchemaRegistryException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.transaction.CannotCreateTransactionException;

class TransientFailuresTest {

    @Test
    void anUnreachableDatabaseOrALostLockConflictPasses() {
        assertThat(TransientFailures.isTransient(new CannotGetJdbcConnectionException("down",
                new SQLTransientConnectionException("pool timed out")))).isTrue();
        assertThat(TransientFailures.isTransient(new CannotCreateTransactionException("no connection"))).isTrue();
        assertThat(TransientFailures.isTransient(new CannotAcquireLockException("deadlock"))).isTrue();
        for (String state : new String[] { "08006", "57P01", "53300", "40001", "40P01", "55P03" }) {
            assertThat(TransientFailures.isTransient(new RuntimeException("wrapped", new SQLException("x", state))))
                    .as(state).isTrue();
        }
    }

    @Test
    void anUnreachableRegistryPassesButARefusalDoesNot() {
        var unreachable = new SchemaRegistryException("no answer", SchemaRegistryException.NO_RESPONSE, 0,
                new ConnectException("refused"));
        var unknownSchema = new SchemaRegistryException("schema 99 not found", 404, 40403, null);
        // as a batch listener sees them: the deserializer's failure, in the listener's failure
        assertThat(TransientFailures.transientCause(batchFailure(new DeserializationException("cannot read",
                new byte[0], false, unreachable)))).containsSame(unreachable);
        assertThat(TransientFailures.isTransient(new DeserializationException("cannot read", new byte[0], false,
                unknownSchema))).isFalse();
    }

    @Test
    void aRecordThatBreaksARuleOrAConstraintDoesNotPass() {
        assertThat(TransientFailures.isTransient(batchFailure(new UnprocessableEventException("forged")))).isFalse();
        assertThat(TransientFailures.isTransient(new DataIntegrityViolationException("duplicate",
                new SQLException("duplicate key", "23505")))).isFalse();
        assertThat(TransientFailures.isTransient(new SQLException("syntax", "42601"))).isFalse();
        assertThat(TransientFailures.isTransient(new SQLException("no state"))).isFalse();
        assertThat(TransientFailures.isTransient(new NullPointerException())).isFalse();
    }

    private static Exception batchFailure(Exception cause) {
        return new ListenerExecutionFailedException("listener failed",
                new BatchListenerFailedException(cause.getMessage(), cause, 0));
    }
}
