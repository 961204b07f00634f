package it.rete.audit.export;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import it.rete.audit.ledger.LedgerEvent;

/**
 * The flat export: one row per event, coded values only. Free-text fields and the intake attributes that could
 * identify a person in a small place (territory, language, vulnerability flags) are never exported.
 */
final class FlatRows {

    static final List<String> COLUMNS = List.of("event_id", "event_type", "occurred_at", "source_partner",
            "sequence", "case_id", "correlation_id", "causation_id", "referral_id", "sender_partner", "to_partner",
            "service_type", "urgency", "due_by", "outcome", "reason_code", "placement_kind", "contract_type",
            "start_date", "consent_purposes", "consent_recipients", "legal_basis_override", "sector",
            "intake_channel", "topic", "partition", "offset");

    private FlatRows() {
    }

    static List<Object> row(LedgerEvent e) {
        return Arrays.asList(e.eventId().toString(), e.type().recordName(), Instant.ofEpochMilli(e.occurredAt())
                        .toString(), e.source(), e.sequence(), e.caseId(), e.correlationId(),
                e.causationId() == null ? null : e.causationId().toString(),
                e.referralId() == null ? null : e.referralId().toString(), e.senderPartnerId(), e.toPartnerId(),
                e.serviceType(), e.urgency(), e.dueBy() == 0 ? null : Instant.ofEpochMilli(e.dueBy()).toString(),
                e.outcome(), e.reasonCode(), e.placementKind(), e.contractType(), e.startDate(),
                e.consentPurposes(), e.consentRecipients(), e.legalBasisOverride(), e.sector(), e.intakeChannel(),
                e.position().topic(), e.position().partition(), e.position().offset());
    }
}
