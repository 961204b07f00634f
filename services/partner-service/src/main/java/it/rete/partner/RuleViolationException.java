package it.rete.partner;

/** A request that is well formed but breaks a rule of the network. Nothing is written. */
public class RuleViolationException extends RuntimeException {

    private final String code;

    public RuleViolationException(String code, String message) {
        super(message);
        this.code = code;
    }

    /** Stable, machine-readable name of the rule, used in the problem type. */
    public String code() {
        return code;
    }
}
