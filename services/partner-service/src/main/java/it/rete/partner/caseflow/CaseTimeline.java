package it.rete.partner.caseflow;

import java.sql.Timestamp;
import java.util.List;

import it.rete.contracts.Envelope;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The events of each case, in the order they happened. */
@Component
public class CaseTimeline {

    private final JdbcClient jdbc;

    CaseTimeline(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void add(Envelope envelope, SpecificRecord event) {
        jdbc.sql("""
                insert into case_event (event_id, case_id, event_type, source_partner_id, sequence, occurred_at, summary)
                values (:id, :caseId, :type, :source, :sequence, :at, :summary)
                on conflict (event_id) do nothing""")
                .param("id", envelope.getEventId()).param("caseId", envelope.getCaseId())
                .param("type", event.getSchema().getName()).param("source", envelope.getSourcePartnerId())
                .param("sequence", envelope.getSequence())
                .param("at", Timestamp.from(envelope.getOccurredAt()))
                .param("summary", TimelineSummary.describe(event))
                .update();
    }

    public List<TimelineEntry> of(String caseId) {
        return jdbc.sql("""
                select event_id, event_type, source_partner_id, sequence, occurred_at, summary
                from case_event where case_id = :id order by occurred_at, source_partner_id, sequence""")
                .param("id", caseId)
                .query((rs, n) -> new TimelineEntry(rs.getObject("event_id", java.util.UUID.class),
                        rs.getString("event_type"), rs.getString("source_partner_id"), rs.getLong("sequence"),
                        rs.getTimestamp("occurred_at").toInstant(), rs.getString("summary")))
                .list();
    }
}
