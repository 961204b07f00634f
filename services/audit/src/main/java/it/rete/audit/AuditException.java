package it.rete.audit;

/** A failure to report to the auditor as one line, with the exit code that says what kind it is. */
public class AuditException extends RuntimeException {

    private final int exitCode;

    public AuditException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public AuditException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
