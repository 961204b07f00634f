package it.rete.partner.security;

/** What an operator client may do with a partner's API. */
public enum ApiRole {
    /** Reads and writes every case and referral endpoint; may also read metrics. */
    OPERATOR,
    /** Reads cases and referrals (GET only). */
    VIEWER,
    /** Reads health details, metrics and Prometheus figures; no case data. */
    MONITORING;

    /** The Spring Security authority of this role. */
    public String authority() {
        return "ROLE_" + name();
    }
}
