package it.rete.partner.caseflow;

/** Tells whether a case still has referrals under way; a case cannot be closed while it has. */
public interface ActiveReferrals {

    int countActive(String caseId);
}
