package it.rete.audit;

/** The tool's exit codes (picocli's conventions for 0, 1 and 2). */
public final class ExitCodes {

    /** Done; for {@code verify}: no violation found. */
    public static final int OK = 0;
    /** {@code verify} found at least one violation. */
    public static final int VIOLATIONS = 1;
    /** Invalid command line: unknown option, unparseable time, from after to, ... */
    public static final int USAGE = 2;
    /** The history holds nothing for what was asked (unknown case id). */
    public static final int NOT_FOUND = 3;
    /** The broker or the registry could not be reached within the timeout. */
    public static final int UNAVAILABLE = 4;
    /** The replay did not finish, so there is no result: out of memory, or an unexpected error. */
    public static final int FAILED = 5;

    private ExitCodes() {
    }
}
