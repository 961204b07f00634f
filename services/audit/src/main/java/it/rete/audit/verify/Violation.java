package it.rete.audit.verify;

import it.rete.audit.ledger.Position;

/** One finding of {@code verify}: what, where (topic, partition, offset) and why. */
public record Violation(ViolationKind kind, Position position, String message) {

    /** One line for the report. */
    public String line() {
        return "VIOLATION " + kind + " " + (position == null ? "-" : position) + " " + message;
    }
}
