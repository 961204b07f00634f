package it.rete.plumbing.deadletter;

/**
 * An event that was read correctly but can never be applied (it breaks a rule of the receiving service).
 * Retrying cannot help: it goes to the dead-letter topic at once, and the consumer moves on.
 */
public class UnprocessableEventException extends RuntimeException {

    public UnprocessableEventException(String message, Throwable cause) {
        super(message, cause);
    }

    public UnprocessableEventException(String message) {
        super(message);
    }
}
