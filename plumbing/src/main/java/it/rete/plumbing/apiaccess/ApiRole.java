package it.rete.plumbing.apiaccess;

/** What a client may do with a service's API (each service maps its endpoints to these roles). */
public enum ApiRole {
    /** Reads and writes every endpoint of the API; may also read metrics. */
    OPERATOR,
    /** Reads the API (GET only). */
    VIEWER,
    /** Reads health details, metrics and Prometheus figures; no case or network data. */
    MONITORING;

    /** The Spring Security authority of this role. */
    public String authority() {
        return "ROLE_" + name();
    }
}
