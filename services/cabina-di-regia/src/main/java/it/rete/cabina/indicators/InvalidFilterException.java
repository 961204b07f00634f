package it.rete.cabina.indicators;

import java.util.Map;

/** A filter value that cannot be used; answered with 400 and a problem body listing every bad parameter. */
public class InvalidFilterException extends RuntimeException {

    private final Map<String, String> errors;

    public InvalidFilterException(Map<String, String> errors) {
        super("Invalid filter: " + errors);
        this.errors = Map.copyOf(errors);
    }

    public Map<String, String> errors() {
        return errors;
    }
}
