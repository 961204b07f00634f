package it.rete.partner;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import it.rete.partner.support.TestNetwork;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The referrals a database already held when it learned which events each one had while unanswered (V5): on a case
 * with several referrals, each ends with its own reminders and overdue reports only (V6), on a copy of the schema
 * migrated step by step in a database of its own.
 */
class UnansweredEventsMigrationIT {

    @Test
    void aReferralKeepsOnlyItsOwnRemindersOnACaseWithSeveral() throws SQLException {
        HikariDataSource pool = TestNetwork.get().partner(TestNetwork.LULE).bean(DataSource.class)
                .unwrap(HikariDataSource.class);
        String database = "migration_" + Long.toHexString(System.nanoTime());
        JdbcTemplate server = new JdbcTemplate(pool);
        server.execute("create database " + database);
        try {
            String url = pool.getJdbcUrl().replaceFirst("/[^/?]+(\\?|$)", "/" + database + "$1");
            DriverManagerDataSource copy = new DriverManagerDataSource(url, pool.getUsername(), pool.getPassword());
            JdbcTemplate db = new JdbcTemplate(copy);
            migrate(copy, "4");

            UUID first = UUID.randomUUID();
            UUID second = UUID.randomUUID();
            UUID alone = UUID.randomUUID();
            insertCase(db, "case-two");
            insertCase(db, "case-one");
            UUID firstSent = insertReferral(db, first, "case-two");
            UUID secondSent = insertReferral(db, second, "case-two");
            UUID aloneSent = insertReferral(db, alone, "case-one");
            UUID firstReminder = insertTimeline(db, "case-two", "ReferralDueSoon", first, 1);
            UUID secondOverdue = insertTimeline(db, "case-two", "ReferralOverdue", second, 2);
            UUID firstOverdue = insertTimeline(db, "case-two", "ReferralOverdue", first, 3);
            UUID aloneReminder = insertTimeline(db, "case-one", "ReferralDueSoon", alone, 4);

            migrate(copy, "5");
            // what V5 left: every reminder of the case, for each of its referrals
            assertThat(unanswered(db, second)).containsExactly(secondSent, firstReminder, secondOverdue, firstOverdue);

            migrate(copy, "6");
            assertThat(unanswered(db, first)).containsExactly(firstSent, firstReminder, firstOverdue);
            assertThat(unanswered(db, second)).containsExactly(secondSent, secondOverdue);
            assertThat(unanswered(db, alone)).containsExactly(aloneSent, aloneReminder);
        } finally {
            server.execute("drop database if exists " + database + " with (force)");
        }
    }

    private static void migrate(DataSource dataSource, String version) {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").target(version).load()
                .migrate();
    }

    private static void insertCase(JdbcTemplate db, String caseId) {
        db.update("insert into case_file (case_id, owner_partner_id, status, opened_at) values (?, 'lule', 'OPEN', "
                + "now())", caseId);
    }

    private static UUID insertReferral(JdbcTemplate db, UUID referralId, String caseId) {
        UUID sent = UUID.randomUUID();
        db.update("""
                insert into referral (referral_id, case_id, sender_partner_id, to_partner_id, service_type, urgency,
                                      due_by, state, sent_event_id, last_event_id, sent_at, updated_at)
                values (?, ?, 'lule', 'prefettura', 'LEGAL_AID', 'ROUTINE', now(), 'REQUESTED', ?, ?, now(), now())""",
                referralId, caseId, sent, sent);
        return sent;
    }

    /** A reminder or overdue report on the case's timeline, summarised as the partner service writes it. */
    private static UUID insertTimeline(JdbcTemplate db, String caseId, String type, UUID referralId, int minute) {
        UUID eventId = UUID.randomUUID();
        db.update("""
                insert into case_event (event_id, case_id, event_type, source_partner_id, sequence, occurred_at, summary)
                values (?, ?, ?, 'prefettura', ?, now() + make_interval(mins => ?), ?)""",
                eventId, caseId, type, minute, minute, "Referral " + referralId
                        + (type.equals("ReferralDueSoon") ? " due by 2027-01-01T00:00:00Z: reminder to the addressee"
                        : " overdue: unanswered since 2027-01-01T00:00:00Z"));
        return eventId;
    }

    private static List<UUID> unanswered(JdbcTemplate db, UUID referralId) {
        return db.queryForObject("select unanswered_event_ids from referral where referral_id = ?",
                (rs, row) -> Arrays.asList((UUID[]) rs.getArray(1).getArray()), referralId);
    }
}
