package it.rete.partner;

/** A request that is well formed but breaks a rule of the network. Nothing is written. */
public class RuleViolationException extends RuntimeException {

    private final String code;
    private final String field;

    public RuleViolationException(String code, String message) {
        this(code, message, null);
    }

    /** @param field the request field the rule is about, named in the problem so a form can show it there */
    public RuleViolationException(String code, String message, String field) {
        super(message);
        this.code = code;
        this.field = field;
    }

    /** Stable, machine-readable name of the rule, used in the problem type. */
    public String code() {
        return code;
    }

    /** The request field at fault, or null when the rule is about the request as a whole. */
    public String field() {
        return field;
    }
}
