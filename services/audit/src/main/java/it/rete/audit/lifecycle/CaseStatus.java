package it.rete.audit.lifecycle;

/** A case as its events show it; NOT_OPENED when events refer to a case whose CaseOpened is not in the history. */
public enum CaseStatus {
    OPEN, CLOSED, NOT_OPENED
}
