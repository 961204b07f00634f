package it.rete.plumbing.serde;

/**
 * A failed registry call. {@link #status()} is the HTTP status, or {@link #NO_RESPONSE} when the registry could not
 * be reached; {@link #errorCode()} is the registry's {@code error_code} (e.g. 40401 subject not found, 409
 * incompatible), or -1 when the body carried none.
 */
public class SchemaRegistryException extends RuntimeException {

    public static final int NO_RESPONSE = -1;
    private static final long serialVersionUID = 1L;

    private final int status;
    private final int errorCode;

    public SchemaRegistryException(String message, int status, int errorCode, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.errorCode = errorCode;
    }

    public int status() {
        return status;
    }

    public int errorCode() {
        return errorCode;
    }

    /** Worth retrying later: unreachable, timeout, throttled or a server-side error. */
    public boolean isTransient() {
        return status == NO_RESPONSE || status == 408 || status == 429 || status >= 500;
    }
}
