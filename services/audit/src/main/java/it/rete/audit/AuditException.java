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

    /** The replay ran out of heap: what to change, in the message. */
    public static AuditException outOfMemory(OutOfMemoryError e) {
        long heapMb = Runtime.getRuntime().maxMemory() / (1024 * 1024);
        return new AuditException(ExitCodes.FAILED, "out of memory (" + e.getMessage() + ") in a heap of " + heapMb
                + " MB: give the tool more heap (AUDIT_JAVA_OPTS=-Xmx512m with bin/audit) or less --memory-mb", e);
    }

    /** An error no command expects: the replay stopped without a result. */
    public static AuditException unexpected(Throwable e) {
        return e instanceof OutOfMemoryError oom ? outOfMemory(oom)
                : new AuditException(ExitCodes.FAILED, "unexpected error: " + e, e);
    }

    public int exitCode() {
        return exitCode;
    }
}
