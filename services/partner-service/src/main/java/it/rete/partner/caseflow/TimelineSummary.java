package it.rete.partner.caseflow;

import it.rete.contracts.CaseClosed;
import it.rete.contracts.CaseOpened;
import it.rete.contracts.ConsentRecorded;
import it.rete.contracts.PlacementMade;
import it.rete.contracts.ReferralAccepted;
import it.rete.contracts.ReferralCompleted;
import it.rete.contracts.ReferralDeclined;
import it.rete.contracts.ReferralSent;
import it.rete.contracts.ReferralWithdrawn;
import org.apache.avro.specific.SpecificRecord;

/** One line an operator can read for each event type. */
final class TimelineSummary {

    private TimelineSummary() {
    }

    static String describe(SpecificRecord event) {
        if (event instanceof CaseOpened e) {
            return "Case opened in " + e.getTerritory() + " (" + e.getSector() + ", via " + e.getIntakeChannel() + ")";
        }
        if (event instanceof ConsentRecorded e) {
            return e.getLegalBasisOverride() != null
                    ? "Data sharing under legal basis " + e.getLegalBasisOverride()
                    : "Consent recorded for " + e.getPurposes() + ", recipients " + e.getAllowedRecipients();
        }
        if (event instanceof ReferralSent e) {
            return "Referral " + e.getReferralId() + " sent to " + e.getToPartnerId() + " for " + e.getServiceType()
                    + " (" + e.getUrgency() + ", due by " + e.getDueBy() + ")";
        }
        if (event instanceof ReferralAccepted e) {
            return "Referral " + e.getReferralId() + " accepted";
        }
        if (event instanceof ReferralDeclined e) {
            return "Referral " + e.getReferralId() + " declined: " + e.getReasonCode()
                    + (e.getReasonText() == null ? "" : " (" + e.getReasonText() + ")");
        }
        if (event instanceof ReferralWithdrawn e) {
            return "Referral " + e.getReferralId() + " withdrawn" + (e.getReason() == null ? "" : ": " + e.getReason());
        }
        if (event instanceof PlacementMade e) {
            return "Placement " + e.getKind() + (e.getContractType() == null ? "" : " (" + e.getContractType() + ")")
                    + " from " + e.getStartDate() + " for referral " + e.getReferralId();
        }
        if (event instanceof ReferralCompleted e) {
            return "Referral " + e.getReferralId() + " completed: " + e.getOutcome()
                    + (e.getReason() == null ? "" : " (" + e.getReason() + ")");
        }
        if (event instanceof it.rete.contracts.ReferralDueSoon e) {
            return "Referral " + e.getReferralId() + " due by " + e.getDueBy() + ": reminder to the addressee";
        }
        if (event instanceof it.rete.contracts.ReferralOverdue e) {
            return "Referral " + e.getReferralId() + " overdue: unanswered since " + e.getDueBy();
        }
        if (event instanceof it.rete.contracts.ReferralExpired e) {
            return "Referral " + e.getReferralId() + " expired unanswered (due by " + e.getDueBy()
                    + "): the sender may refer the case again";
        }
        if (event instanceof CaseClosed e) {
            return "Case closed: " + e.getReason() + (e.getReasonText() == null ? "" : " (" + e.getReasonText() + ")");
        }
        if (event instanceof it.rete.contracts.CaseErased e) {
            return "Personal data erased (" + e.getBasis() + "): dossiers of this case can no longer be opened";
        }
        return event.getSchema().getName();
    }
}
