package it.rete.partner.caseflow;

import java.sql.Timestamp;
import java.util.List;
import java.util.UUID;

import it.rete.contracts.Envelope;
import it.rete.plumbing.outbox.SequencedEvent;
import it.rete.plumbing.outbox.SequencedEventsListener;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The events of each case, in the order they happened. This partner's own events enter it without a sequence,
 * which the outbox sequencer fills in after the request has committed ({@link #sequenced}).
 */
@Component
public class CaseTimeline implements SequencedEventsListener {

    private final JdbcClient jdbc;

    CaseTimeline(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** An event applied from another partner's ledger, with its sequence there. */
    public void add(Envelope envelope, SpecificRecord event) {
        insert(envelope, event, envelope.getSequence(), null);
    }

    /** Another partner's event, with what it meant here (or null) appended to its summary. */
    public void add(Envelope envelope, SpecificRecord event, String remark) {
        insert(envelope, event, envelope.getSequence(), remark);
    }

    /** An event this partner writes: its sequence is not assigned yet. */
    public void addOwn(Envelope envelope, SpecificRecord event) {
        insert(envelope, event, null, null);
    }

    private void insert(Envelope envelope, SpecificRecord event, Long sequence, String remark) {
        jdbc.sql("""
                insert into case_event (event_id, case_id, event_type, source_partner_id, sequence, occurred_at, summary)
                values (:id, :caseId, :type, :source, :sequence, :at, :summary)
                on conflict (event_id) do nothing""")
                .param("id", envelope.getEventId()).param("caseId", envelope.getCaseId())
                .param("type", event.getSchema().getName()).param("source", envelope.getSourcePartnerId())
                .param("sequence", sequence, java.sql.Types.BIGINT)
                .param("at", Timestamp.from(envelope.getOccurredAt()))
                .param("summary", TimelineSummary.describe(event) + (remark == null ? "" : " (" + remark + ")"))
                .update();
    }

    /** In the sequencer's transaction: this partner's events get their ledger sequence. */
    @Override
    public void sequenced(List<SequencedEvent> events) {
        jdbc.sql("""
                update case_event set sequence = placed.sequence
                from unnest(cast(? as uuid[]), cast(? as bigint[])) as placed(event_id, sequence)
                where case_event.event_id = placed.event_id""")
                .param(events.stream().map(e -> e.eventId().toString()).toArray(String[]::new))
                .param(events.stream().map(SequencedEvent::sequence).toArray(Long[]::new))
                .update();
    }

    public List<TimelineEntry> of(String caseId) {
        return jdbc.sql("""
                select event_id, event_type, source_partner_id, sequence, occurred_at, summary
                from case_event where case_id = :id order by occurred_at, source_partner_id, sequence""")
                .param("id", caseId)
                .query((rs, n) -> new TimelineEntry(rs.getObject("event_id", UUID.class),
                        rs.getString("event_type"), rs.getString("source_partner_id"),
                        rs.getObject("sequence", Long.class), rs.getTimestamp("occurred_at").toInstant(),
                        rs.getString("summary")))
                .list();
    }
}
