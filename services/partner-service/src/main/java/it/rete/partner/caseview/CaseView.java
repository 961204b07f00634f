package it.rete.partner.caseview;

import java.util.List;

import it.rete.partner.caseflow.CaseFile;
import it.rete.partner.caseflow.Consent;
import it.rete.partner.caseflow.TimelineEntry;
import it.rete.partner.referral.Placement;
import it.rete.partner.referral.Referral;

/** Everything this partner knows of a case. */
public record CaseView(CaseFile caseFile, List<Consent> consents, List<Referral> referrals,
                       List<Placement> placements, List<TimelineEntry> timeline) {
}
