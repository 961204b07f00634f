package it.rete.partner.caseflow;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;

import it.rete.partner.Rows;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class ConsentRepository {

    private final JdbcClient jdbc;

    ConsentRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(Consent c) {
        jdbc.sql("""
                insert into consent (event_id, case_id, purposes, allowed_recipients, legal_basis_override,
                                     override_reason, recorded_at)
                values (:id, :caseId, :purposes, :recipients, :basis, :reason, :at)""")
                .param("id", c.eventId()).param("caseId", c.caseId())
                .param("purposes", c.purposes().toArray(String[]::new))
                .param("recipients", c.allowedRecipients().toArray(String[]::new))
                .param("basis", c.legalBasisOverride()).param("reason", c.overrideReason())
                .param("at", Timestamp.from(c.recordedAt()))
                .update();
    }

    public Optional<Consent> latest(String caseId) {
        return jdbc.sql("select * from consent where case_id = :id order by recorded_at desc, event_id limit 1")
                .param("id", caseId).query(ConsentRepository::map).optional();
    }

    public List<Consent> all(String caseId) {
        return jdbc.sql("select * from consent where case_id = :id order by recorded_at")
                .param("id", caseId).query(ConsentRepository::map).list();
    }

    private static Consent map(ResultSet rs, int row) throws SQLException {
        return new Consent(rs.getObject("event_id", java.util.UUID.class), rs.getString("case_id"),
                Rows.strings(rs.getArray("purposes")), Rows.strings(rs.getArray("allowed_recipients")),
                rs.getString("legal_basis_override"), rs.getString("override_reason"),
                Rows.instant(rs, "recorded_at"));
    }
}
