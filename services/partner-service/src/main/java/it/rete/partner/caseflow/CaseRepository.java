package it.rete.partner.caseflow;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import it.rete.partner.Rows;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class CaseRepository {

    private final JdbcClient jdbc;

    CaseRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(CaseFile c) {
        jdbc.sql("""
                insert into case_file (case_id, owner_partner_id, status, territory, sector, intake_channel,
                                       preferred_language, vulnerability_flags, opened_at)
                values (:id, :owner, :status, :territory, :sector, :channel, :language, :flags, :openedAt)
                on conflict (case_id) do nothing""")
                .param("id", c.caseId()).param("owner", c.ownerPartnerId()).param("status", c.status().name())
                .param("territory", c.territory()).param("sector", c.sector()).param("channel", c.intakeChannel())
                .param("language", c.preferredLanguage())
                .param("flags", c.vulnerabilityFlags().toArray(String[]::new))
                .param("openedAt", Timestamp.from(c.openedAt()))
                .update();
    }

    public Optional<CaseFile> find(String caseId) {
        return jdbc.sql("select * from case_file where case_id = :id").param("id", caseId)
                .query(CaseRepository::map).optional();
    }

    /** Locks the case row so concurrent commands on one case run one after the other. */
    public Optional<CaseFile> lock(String caseId) {
        return jdbc.sql("select * from case_file where case_id = :id for update").param("id", caseId)
                .query(CaseRepository::map).optional();
    }

    public void close(String caseId, String reason, String text, Instant closedAt) {
        jdbc.sql("""
                update case_file set status = 'CLOSED', closure_reason = :reason, closure_text = :text,
                                     closed_at = :closedAt
                where case_id = :id""")
                .param("id", caseId).param("reason", reason).param("text", text)
                .param("closedAt", Timestamp.from(closedAt))
                .update();
    }

    private static CaseFile map(ResultSet rs, int row) throws SQLException {
        return new CaseFile(rs.getString("case_id"), rs.getString("owner_partner_id"),
                CaseStatus.valueOf(rs.getString("status")), rs.getString("territory"), rs.getString("sector"),
                rs.getString("intake_channel"), rs.getString("preferred_language"),
                Rows.strings(rs.getArray("vulnerability_flags")), rs.getString("closure_reason"),
                rs.getString("closure_text"), Rows.instant(rs, "opened_at"), Rows.instant(rs, "closed_at"));
    }

}
