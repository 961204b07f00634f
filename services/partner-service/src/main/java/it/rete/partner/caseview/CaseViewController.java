package it.rete.partner.caseview;

import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import it.rete.partner.caseflow.CaseService;
import it.rete.partner.caseflow.CaseTimeline;
import it.rete.partner.referral.ReferralService;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Cases")
@RestController
class CaseViewController {

    private final CaseService cases;
    private final ReferralService referrals;
    private final CaseTimeline timeline;

    CaseViewController(CaseService cases, ReferralService referrals, CaseTimeline timeline) {
        this.cases = cases;
        this.referrals = referrals;
        this.timeline = timeline;
    }

    @Operation(summary = "A case with its consents, referrals, placements and timeline, as this partner knows it")
    @GetMapping("/api/cases/{caseId}")
    @Transactional(readOnly = true)
    public CaseView get(@PathVariable UUID caseId) {
        String id = caseId.toString();
        return new CaseView(cases.get(id), cases.consents(id), referrals.ofCase(id),
                referrals.placementsOfCase(id), timeline.of(id));
    }
}
