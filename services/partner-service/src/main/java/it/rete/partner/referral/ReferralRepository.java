package it.rete.partner.referral;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import it.rete.partner.Rows;
import it.rete.partner.caseflow.ActiveReferrals;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class ReferralRepository implements ActiveReferrals {

    private final JdbcClient jdbc;

    ReferralRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @return false when the referral was already known (a replayed event) */
    public boolean insert(Referral r) {
        return jdbc.sql("""
                insert into referral (referral_id, case_id, sender_partner_id, to_partner_id, service_type, urgency,
                                      due_by, state, sent_event_id, last_event_id, sent_at, updated_at, service_id,
                                      unanswered_event_ids)
                values (:id, :caseId, :sender, :to, :service, :urgency, :dueBy, :state, :sentEvent, :sentEvent,
                        :sentAt, :sentAt, :serviceId, cast(:unanswered as uuid[]))
                on conflict (referral_id) do nothing""")
                .param("id", r.referralId()).param("caseId", r.caseId()).param("sender", r.senderPartnerId())
                .param("to", r.toPartnerId()).param("service", r.serviceType()).param("urgency", r.urgency())
                .param("dueBy", Timestamp.from(r.dueBy())).param("state", r.state().name())
                .param("sentEvent", r.sentEventId()).param("sentAt", Timestamp.from(r.sentAt()))
                .param("serviceId", r.serviceId()).param("unanswered", uuidTexts(r.unansweredEventIds()))
                .update() == 1;
    }

    /** Locks the referral so that two answers to it are applied one after the other. */
    public Optional<Referral> lock(UUID referralId) {
        return jdbc.sql("select * from referral where referral_id = :id for update").param("id", referralId)
                .query(ReferralRepository::map).optional();
    }

    public Optional<Referral> find(UUID referralId) {
        return jdbc.sql("select * from referral where referral_id = :id").param("id", referralId)
                .query(ReferralRepository::map).optional();
    }

    public void update(Referral r) {
        jdbc.sql("""
                update referral set state = :state, decline_reason_code = :declineCode,
                       decline_reason_text = :declineText, withdraw_reason = :withdrawReason, outcome = :outcome,
                       outcome_reason = :outcomeReason, last_event_id = :lastEvent, updated_at = :updatedAt,
                       overdue_since = :overdueSince, unanswered_event_ids = cast(:unanswered as uuid[])
                where referral_id = :id""")
                .param("id", r.referralId()).param("state", r.state().name())
                .param("declineCode", r.declineReasonCode()).param("declineText", r.declineReasonText())
                .param("withdrawReason", r.withdrawReason()).param("outcome", r.outcome())
                .param("outcomeReason", r.outcomeReason()).param("lastEvent", r.lastEventId())
                .param("updatedAt", Timestamp.from(r.updatedAt()))
                .param("overdueSince", r.overdueSince() == null ? null : Timestamp.from(r.overdueSince()))
                .param("unanswered", uuidTexts(r.unansweredEventIds()))
                .update();
    }

    public List<Referral> ofCase(String caseId) {
        return jdbc.sql("select * from referral where case_id = :id order by sent_at").param("id", caseId)
                .query(ReferralRepository::map).list();
    }

    /** Referrals addressed to {@code partnerId}; those still to answer first, oldest first. */
    public List<Referral> inbox(String partnerId, ReferralState state, int limit) {
        return list("to_partner_id", partnerId, state, limit);
    }

    /** Referrals {@code partnerId} sent. */
    public List<Referral> outbox(String partnerId, ReferralState state, int limit) {
        return list("sender_partner_id", partnerId, state, limit);
    }

    private List<Referral> list(String partyColumn, String partnerId, ReferralState state, int limit) {
        return jdbc.sql("select * from referral where " + partyColumn + " = :partner"
                        + (state == null ? "" : " and state = :state")
                        + " order by case when state = 'REQUESTED' then 0 else 1 end, sent_at limit :limit")
                .param("partner", partnerId).param("state", state == null ? null : state.name())
                .param("limit", limit)
                .query(ReferralRepository::map).list();
    }

    @Override
    public int countActive(String caseId) {
        return jdbc.sql("""
                select count(*) from referral
                where case_id = :id and state in ('REQUESTED', 'ACCEPTED', 'IN_PROGRESS')""")
                .param("id", caseId).query(Integer.class).single();
    }

    public void insertPlacement(Placement p) {
        jdbc.sql("""
                insert into placement (placement_id, referral_id, case_id, kind, contract_type, start_date, recorded_at)
                values (:id, :referralId, :caseId, :kind, :contractType, :startDate, :recordedAt)
                on conflict (placement_id) do nothing""")
                .param("id", p.placementId()).param("referralId", p.referralId()).param("caseId", p.caseId())
                .param("kind", p.kind()).param("contractType", p.contractType())
                .param("startDate", p.startDate()).param("recordedAt", Timestamp.from(p.recordedAt()))
                .update();
    }

    public List<Placement> placementsOfCase(String caseId) {
        return jdbc.sql("select * from placement where case_id = :id order by recorded_at").param("id", caseId)
                .query((rs, n) -> new Placement(rs.getObject("placement_id", UUID.class),
                        rs.getObject("referral_id", UUID.class), rs.getString("case_id"), rs.getString("kind"),
                        rs.getString("contract_type"), rs.getObject("start_date", java.time.LocalDate.class),
                        rs.getTimestamp("recorded_at").toInstant()))
                .list();
    }

    private static Referral map(ResultSet rs, int row) throws SQLException {
        return new Referral(rs.getObject("referral_id", UUID.class), rs.getString("case_id"),
                rs.getString("sender_partner_id"), rs.getString("to_partner_id"), rs.getString("service_type"),
                rs.getString("urgency"), Rows.instant(rs, "due_by"), ReferralState.valueOf(rs.getString("state")),
                rs.getString("decline_reason_code"), rs.getString("decline_reason_text"),
                rs.getString("withdraw_reason"), rs.getString("outcome"), rs.getString("outcome_reason"),
                rs.getObject("sent_event_id", UUID.class), rs.getObject("last_event_id", UUID.class),
                Rows.instant(rs, "sent_at"), Rows.instant(rs, "updated_at"), rs.getString("service_id"),
                Rows.instant(rs, "overdue_since"), Rows.uuids(rs.getArray("unanswered_event_ids")));
    }

    /** A uuid[] parameter, as text the statement casts. */
    private static String[] uuidTexts(List<UUID> ids) {
        return ids.stream().map(UUID::toString).toArray(String[]::new);
    }
}
