package it.rete.partner.dossier;

/** The personal data asked for was erased: it is gone for good (HTTP 410). */
public class ErasedException extends RuntimeException {

    public ErasedException(String caseId) {
        super("The personal data of case " + caseId + " was erased");
    }
}
