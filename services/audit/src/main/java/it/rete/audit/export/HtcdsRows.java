package it.rete.audit.export;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

import it.rete.audit.lifecycle.CaseStatus;
import it.rete.audit.lifecycle.CaseView;
import it.rete.audit.lifecycle.ReferralState;
import it.rete.audit.lifecycle.ReferralView;

/**
 * One row per referral in the shape of the IOM Human Trafficking Case Data Standard (HTCDS) case referral fields
 * ({@code cas_*}), as at the end of the exported period. {@code rete_*} columns are the network's pseudonymous ids,
 * not HTCDS fields. Not mapped: {@code cas_ReferringPrimaryCaseWorker} and {@code cas_ReferredPrimaryCaseWorker}
 * (persons are not on the network), {@code cas_IncomingReferralDetails} (free text kept by the addressee) and the
 * HTCDS person, victim and perpetrator tables (personal data never leaves the partners).
 */
final class HtcdsRows {

    /** Every Rete referral asks another partner for a service. */
    static final String REASON = "AdditionalServicesRequired";

    static final List<String> COLUMNS = List.of("rete_case_id", "rete_referral_id", "cas_Status",
            "cas_ReferringOrganisation", "cas_ReferredOrganisation", "cas_OutgoingReferralDate",
            "cas_ReasonForOutgoingReferral", "cas_OutgoingReferralDetails", "cas_IncomingReferralDate",
            "cas_ReasonForIncomingReferral", "cas_ReasonForCaseClosure");

    private HtcdsRows() {
    }

    static List<Object> row(CaseView c, ReferralView r) {
        boolean accepted = r.state() == ReferralState.ACCEPTED || r.state() == ReferralState.IN_PROGRESS
                || r.state() == ReferralState.COMPLETED;
        return Arrays.asList(c.caseId(), r.referralId().toString(), status(c), r.senderPartnerId(),
                r.toPartnerId(), date(r.sentAt()), REASON, details(r), accepted ? date(r.answeredAt()) : null,
                accepted ? REASON : null, c.status() == CaseStatus.CLOSED ? c.closureReason() : null);
    }

    /** HTCDS cas_Status: Active, FollowUp, Closed, ClosedReferred. */
    static String status(CaseView c) {
        return switch (c.status()) {
            case OPEN -> "Active";
            case CLOSED -> "TRANSFERRED_OUT_OF_AREA".equals(c.closureReason()) ? "ClosedReferred" : "Closed";
            case NOT_OPENED -> null;
        };
    }

    /** Coded values only, never free text: service, urgency, state and outcome of the referral. */
    static String details(ReferralView r) {
        StringBuilder text = new StringBuilder("serviceType=").append(r.serviceType()).append("; urgency=")
                .append(r.urgency()).append("; state=").append(r.state());
        if (r.outcome() != null) {
            text.append("; outcome=").append(r.outcome());
        }
        if (r.declineReason() != null) {
            text.append("; declineReason=").append(r.declineReason());
        }
        if (r.placements() > 0) {
            text.append("; placements=").append(r.placements());
        }
        return text.toString();
    }

    private static String date(long epochMillis) {
        return epochMillis == 0 ? null : Instant.ofEpochMilli(epochMillis).atZone(ZoneOffset.UTC).toLocalDate().toString();
    }
}
