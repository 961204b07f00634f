package it.rete.plumbing.deadletter;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Optional;

import it.rete.plumbing.serde.SchemaRegistryException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Failures that say nothing about the record being processed and pass by themselves: the database or the schema
 * registry cannot be reached, a transaction lost a lock conflict. Such a record is tried again until it goes
 * through; sending it to the dead-letter topic would lose an event that is fine.
 */
public final class TransientFailures {

    /**
     * SQLSTATEs (or their classes) of PostgreSQL that pass: connection exceptions, insufficient resources (too many
     * connections, disk full, out of memory), the server shutting down or starting, serialization failure, deadlock,
     * lock not available.
     */
    private static final String[] TRANSIENT_SQL_STATES = { "08", "53", "57P01", "57P02", "57P03", "40001", "40P01",
            "55P03" };

    /** Deeper cause chains than this are not looked into (they would be cyclic). */
    private static final int MAX_DEPTH = 32;

    private TransientFailures() {
    }

    public static boolean isTransient(Throwable failure) {
        return transientCause(failure).isPresent();
    }

    /** The first failure in {@code failure}'s cause chain (itself included) that passes by itself, if any. */
    public static Optional<Throwable> transientCause(Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < MAX_DEPTH; depth++, cause = cause.getCause()) {
            if (isTransientItself(cause)) {
                return Optional.of(cause);
            }
        }
        return Optional.empty();
    }

    private static boolean isTransientItself(Throwable failure) {
        if (failure instanceof SchemaRegistryException registry) {
            return registry.isTransient();
        }
        if (failure instanceof TransientDataAccessException || failure instanceof RecoverableDataAccessException
                || failure instanceof DataAccessResourceFailureException
                || failure instanceof CannotCreateTransactionException
                || failure instanceof SQLTransientException || failure instanceof SQLRecoverableException) {
            return true;
        }
        if (failure instanceof SQLException sql && sql.getSQLState() != null) {
            for (String state : TRANSIENT_SQL_STATES) {
                if (sql.getSQLState().startsWith(state)) {
                    return true;
                }
            }
        }
        return false;
    }
}
