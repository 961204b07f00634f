package it.rete.partner.referral;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Referrals")
@RestController
@RequestMapping("/api")
class ReferralController {

    private final ReferralService referrals;

    ReferralController(ReferralService referrals) {
        this.referrals = referrals;
    }

    @Operation(summary = "Refer a case opened here to another partner (needs consent covering that partner)")
    @PostMapping("/cases/{caseId}/referrals")
    ResponseEntity<Referral> send(@PathVariable UUID caseId, @Valid @RequestBody ReferralRequests.SendReferral request) {
        Referral sent = referrals.send(caseId.toString(), request);
        return ResponseEntity.created(URI.create("/api/referrals/" + sent.referralId())).body(sent);
    }

    @Operation(summary = "Accept a referral addressed to this partner")
    @PostMapping("/referrals/{referralId}/accept")
    Referral accept(@PathVariable UUID referralId) {
        return referrals.accept(referralId);
    }

    @Operation(summary = "Decline a referral addressed to this partner, with a reason code")
    @PostMapping("/referrals/{referralId}/decline")
    Referral decline(@PathVariable UUID referralId, @Valid @RequestBody ReferralRequests.Decline request) {
        return referrals.decline(referralId, request);
    }

    @Operation(summary = "Withdraw a referral this partner sent, while it is not answered yet")
    @PostMapping("/referrals/{referralId}/withdraw")
    Referral withdraw(@PathVariable UUID referralId, @Valid @RequestBody ReferralRequests.Withdraw request) {
        return referrals.withdraw(referralId, request);
    }

    @Operation(summary = "Record a placement (regular job, housing, training) for an accepted referral")
    @PostMapping("/referrals/{referralId}/placements")
    ResponseEntity<Placement> recordPlacement(@PathVariable UUID referralId,
                                              @Valid @RequestBody ReferralRequests.RecordPlacement request) {
        return ResponseEntity.status(201).body(referrals.recordPlacement(referralId, request));
    }

    @Operation(summary = "Complete a referral in progress, with its outcome")
    @PostMapping("/referrals/{referralId}/complete")
    Referral complete(@PathVariable UUID referralId, @Valid @RequestBody ReferralRequests.Complete request) {
        return referrals.complete(referralId, request);
    }

    @Operation(summary = "One referral")
    @GetMapping("/referrals/{referralId}")
    Referral get(@PathVariable UUID referralId) {
        return referrals.get(referralId);
    }

    @Operation(summary = "Referrals addressed to this partner, those still to answer first, oldest first")
    @GetMapping("/referrals/inbox")
    List<Referral> inbox(@RequestParam(required = false) ReferralState state,
                         @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        return referrals.inbox(state, limit);
    }

    @Operation(summary = "Referrals this partner sent, those still unanswered first, oldest first")
    @GetMapping("/referrals/outbox")
    List<Referral> outbox(@RequestParam(required = false) ReferralState state,
                          @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        return referrals.outbox(state, limit);
    }
}
