package it.rete.partner.support;

import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Counts of the events a partner has committed for its ledger: the outbox and the committed events waiting for
 * their sequence, read in one snapshot so that they cannot race the relay. Counts are scoped to one case or one
 * event type, because the shared network's timers and inboxes go on writing other cases' events meanwhile.
 */
public final class LocalEvents {

    private LocalEvents() {
    }

    /** Events whose subject is the case. */
    public static long concerning(PartnerNode partner, String caseId) {
        return partner.bean(JdbcClient.class).sql("""
                select (select count(*) from outbox where aggregateid = :case)
                     + (select count(*) from outbox_pending where aggregateid = :case)""")
                .param("case", caseId).query(Long.class).single();
    }

    /** Events of one type, named as the service names them: the contract's full schema name. */
    public static long ofType(PartnerNode partner, Class<? extends SpecificRecord> type) {
        return partner.bean(JdbcClient.class).sql("""
                select (select count(*) from outbox where type = :type)
                     + (select count(*) from outbox_pending where type = :type)""")
                .param("type", SpecificData.get().getSchema(type).getFullName()).query(Long.class).single();
    }
}
