package it.rete.cabina.ledger;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import it.rete.contracts.CaseClosed;
import it.rete.contracts.CaseOpened;
import it.rete.contracts.ConsentRecorded;
import it.rete.contracts.PlacementMade;
import it.rete.contracts.ReferralAccepted;
import it.rete.contracts.ReferralCompleted;
import it.rete.contracts.ReferralDeclined;
import it.rete.contracts.ReferralDueSoon;
import it.rete.contracts.ReferralExpired;
import it.rete.contracts.ReferralOverdue;
import it.rete.contracts.ReferralSent;
import it.rete.contracts.ReferralWithdrawn;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The projection's writes. Every statement is an upsert that sets only the columns its event knows (and keeps what
 * other events wrote), so the projection converges whatever the order the ledgers are read in: an acceptance read
 * before its referral was sent, a closure before the opening. Times are always the events' occurredAt.
 */
@Component
class ProjectionWriter {

    private static final Logger log = LoggerFactory.getLogger(ProjectionWriter.class);

    private final JdbcTemplate jdbc;

    ProjectionWriter(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void apply(SpecificRecord event) {
        if (event instanceof CaseOpened e) {
            caseOpened(e);
        } else if (event instanceof CaseClosed e) {
            caseClosed(e);
        } else if (event instanceof ReferralSent e) {
            referralSent(e);
        } else if (event instanceof ReferralAccepted e) {
            referralAccepted(e);
        } else if (event instanceof ReferralDeclined e) {
            referralDeclined(e);
        } else if (event instanceof ReferralWithdrawn e) {
            referralWithdrawn(e);
        } else if (event instanceof ReferralCompleted e) {
            referralCompleted(e);
        } else if (event instanceof PlacementMade e) {
            placementMade(e);
        } else if (event instanceof ReferralOverdue e) {
            answer(e.getReferralId(), e.getEnvelope().getCaseId(), e.getSenderPartnerId(),
                    e.getEnvelope().getSourcePartnerId(), "overdue_at = excluded.overdue_at", "overdue_at", null,
                    null, e.getEnvelope().getOccurredAt());
        } else if (event instanceof ReferralExpired e) {
            answer(e.getReferralId(), e.getEnvelope().getCaseId(), e.getSenderPartnerId(),
                    e.getEnvelope().getSourcePartnerId(), "expired_at = excluded.expired_at", "expired_at", null,
                    null, e.getEnvelope().getOccurredAt());
        } else if (!(event instanceof ConsentRecorded) && !(event instanceof ReferralDueSoon)) {
            // no indicator is computed from consent or from the addressee's reminders
            log.info("Ignoring event type {} (no indicator uses it)", event.getSchema().getFullName());
        }
    }

    private void caseOpened(CaseOpened e) {
        jdbc.update("""
                insert into case_fact (case_id, owner_partner_id, territory, sector, intake_channel, opened_at)
                values (?, ?, ?, ?, ?, ?)
                on conflict (case_id) do update set owner_partner_id = excluded.owner_partner_id,
                    territory = excluded.territory, sector = excluded.sector,
                    intake_channel = excluded.intake_channel, opened_at = excluded.opened_at
                """, e.getEnvelope().getCaseId(), e.getEnvelope().getSourcePartnerId(), e.getTerritory().trim(),
                e.getSector().name(), e.getIntakeChannel().name(), time(e.getEnvelope().getOccurredAt()));
    }

    private void caseClosed(CaseClosed e) {
        jdbc.update("""
                insert into case_fact (case_id, owner_partner_id, closed_at, closure_reason) values (?, ?, ?, ?)
                on conflict (case_id) do update set closed_at = excluded.closed_at,
                    closure_reason = excluded.closure_reason,
                    owner_partner_id = coalesce(case_fact.owner_partner_id, excluded.owner_partner_id)
                """, e.getEnvelope().getCaseId(), e.getEnvelope().getSourcePartnerId(),
                time(e.getEnvelope().getOccurredAt()), e.getReason().name());
    }

    private void referralSent(ReferralSent e) {
        jdbc.update("""
                insert into referral_fact (referral_id, case_id, sender_partner_id, to_partner_id, service_type,
                                           urgency, sent_at, due_by)
                values (?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (referral_id) do update set sender_partner_id = excluded.sender_partner_id,
                    to_partner_id = excluded.to_partner_id, service_type = excluded.service_type,
                    urgency = excluded.urgency, sent_at = excluded.sent_at, due_by = excluded.due_by
                """, e.getReferralId(), e.getEnvelope().getCaseId(), e.getEnvelope().getSourcePartnerId(),
                e.getToPartnerId(), e.getServiceType().name(), e.getUrgency().name(),
                time(e.getEnvelope().getOccurredAt()), time(e.getDueBy()));
    }

    private void referralAccepted(ReferralAccepted e) {
        answer(e.getReferralId(), e.getEnvelope().getCaseId(), e.getSenderPartnerId(),
                e.getEnvelope().getSourcePartnerId(), "accepted_at = excluded.accepted_at", "accepted_at", null, null,
                e.getEnvelope().getOccurredAt());
    }

    private void referralDeclined(ReferralDeclined e) {
        answer(e.getReferralId(), e.getEnvelope().getCaseId(), e.getSenderPartnerId(),
                e.getEnvelope().getSourcePartnerId(),
                "declined_at = excluded.declined_at, decline_reason = excluded.decline_reason", "declined_at",
                "decline_reason", e.getReasonCode().name(), e.getEnvelope().getOccurredAt());
    }

    private void referralCompleted(ReferralCompleted e) {
        answer(e.getReferralId(), e.getEnvelope().getCaseId(), e.getSenderPartnerId(),
                e.getEnvelope().getSourcePartnerId(), "completed_at = excluded.completed_at, outcome = excluded.outcome",
                "completed_at", "outcome", e.getOutcome().name(), e.getEnvelope().getOccurredAt());
    }

    private void referralWithdrawn(ReferralWithdrawn e) {
        answer(e.getReferralId(), e.getEnvelope().getCaseId(), e.getEnvelope().getSourcePartnerId(),
                e.getToPartnerId(), "withdrawn_at = excluded.withdrawn_at", "withdrawn_at", null, null,
                e.getEnvelope().getOccurredAt());
    }

    /** A later step of a referral: fills its own columns, and the parties when the ReferralSent was not read yet. */
    private void answer(Object referralId, String caseId, String sender, String addressee, String assignments,
                        String timeColumn, String detailColumn, String detail, Instant occurredAt) {
        String columns = "referral_id, case_id, sender_partner_id, to_partner_id, " + timeColumn
                + (detailColumn == null ? "" : ", " + detailColumn);
        String values = "?, ?, ?, ?, ?" + (detailColumn == null ? "" : ", ?");
        String sql = "insert into referral_fact (" + columns + ") values (" + values + ")"
                + " on conflict (referral_id) do update set " + assignments + ","
                + " sender_partner_id = coalesce(referral_fact.sender_partner_id, excluded.sender_partner_id),"
                + " to_partner_id = coalesce(referral_fact.to_partner_id, excluded.to_partner_id)";
        if (detailColumn == null) {
            jdbc.update(sql, referralId, caseId, sender, addressee, time(occurredAt));
        } else {
            jdbc.update(sql, referralId, caseId, sender, addressee, time(occurredAt), detail);
        }
    }

    private void placementMade(PlacementMade e) {
        jdbc.update("""
                insert into placement_fact (placement_id, referral_id, case_id, partner_id, sender_partner_id, kind,
                                            contract_type, start_date, made_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (placement_id) do nothing
                """, e.getPlacementId(), e.getReferralId(), e.getEnvelope().getCaseId(),
                e.getEnvelope().getSourcePartnerId(), e.getSenderPartnerId(), e.getKind().name(),
                e.getContractType() == null ? null : e.getContractType().name(), e.getStartDate(),
                time(e.getEnvelope().getOccurredAt()));
    }

    private static OffsetDateTime time(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
