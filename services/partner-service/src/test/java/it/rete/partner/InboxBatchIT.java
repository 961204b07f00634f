package it.rete.partner;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import it.rete.contracts.Envelope;
import it.rete.contracts.ReferralSent;
import it.rete.contracts.ReferralWithdrawn;
import it.rete.contracts.ServiceType;
import it.rete.contracts.Urgency;
import it.rete.partner.inbox.RemoteEventApplier;
import it.rete.partner.support.Avro;
import it.rete.partner.support.LedgerReader;
import it.rete.partner.support.PartnerNode;
import it.rete.partner.support.Story;
import it.rete.partner.support.TestNetwork;
import it.rete.plumbing.ledger.LedgerTopics;
import it.rete.plumbing.outbox.LedgerPosition;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * The inbox applies a poll's records in one transaction: a record amid them that can never be applied is
 * dead-lettered alone (what it wrote rolled back) and every other one is applied once, also when the same events
 * come again; a failure of the moment holds the records back, in order, for as long as it lasts, and dead-letters
 * nothing.
 */
class InboxBatchIT {

    /** A partner that joins the network for this test, so that its ledger carries only this test's records. */
    private static final String NEWCOMER = "batcher-" + Long.toHexString(System.nanoTime());

    private static TestNetwork network;
    private static PartnerNode lule;
    private static KafkaProducer<String, byte[]> producer;
    /** The inbox's log lines collected by a test, detached after it. */
    private ListAppender<ILoggingEvent> appliedLog;

    @BeforeAll
    static void network() {
        network = TestNetwork.get();
        lule = network.partner(TestNetwork.LULE);
        network.admit(NEWCOMER);
        var config = network.clientConfig(NEWCOMER);
        config.put("acks", "all");
        producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
        // lule follows the newcomer's ledger once its pattern subscription has found it and the group rebalanced
        Awaitility.await().atMost(Story.PROPAGATION).pollInterval(Duration.ofMillis(200)).until(() ->
                ledgerListener().getAssignedPartitions().stream()
                        .anyMatch(partition -> partition.topic().equals(LedgerTopics.ledger(NEWCOMER))));
    }

    @AfterAll
    static void closeProducer() {
        producer.close();
    }

    @Test
    void aPoisonRecordAmidAPollIsDeadLetteredAloneAndTheOthersAreAppliedOnceAlsoWhenDeliveredAgain()
            throws InterruptedException {
        String caseId = UUID.randomUUID().toString();
        ReferralSent a = referralSent(caseId);
        ReferralSent b = referralSent(caseId);
        // no such referral at lule: found out after the processed-event row is written, which must roll back
        ReferralWithdrawn poison = withdrawn(caseId, UUID.randomUUID());
        ReferralSent d = referralSent(caseId);
        ReferralWithdrawn withdrawA = withdrawn(caseId, a.getReferralId());
        List<byte[]> applicable = List.of(avro(a), avro(b), avro(d), avro(withdrawA));
        appliedLog = appliedLog();

        inOnePoll(caseId, applicable.get(0), applicable.get(1), avro(poison), applicable.get(2), applicable.get(3));

        Story.awaitReferralState(lule, a.getReferralId().toString(), "WITHDRAWN");
        Story.awaitReferralState(lule, d.getReferralId().toString(), "REQUESTED");
        assertThat(Story.awaitReferralState(lule, b.getReferralId().toString(), "REQUESTED")).isNotNull();
        List<ConsumerRecord<String, byte[]>> deadLetters = awaitDeadLetters(caseId, 1);
        assertThat(deadLetters).hasSize(1);
        assertThat(LedgerReader.header(deadLetters.get(0), "kafka_dlt-exception-message"))
                .contains(poison.getEnvelope().getEventId().toString(), "cannot be applied");
        assertThat(timesProcessed(poison.getEnvelope())).isZero();
        for (Envelope applied : List.of(a.getEnvelope(), b.getEnvelope(), d.getEnvelope(), withdrawA.getEnvelope())) {
            assertThat(timesProcessed(applied)).isEqualTo(1);
        }
        // the records before the poison committed together, the ones after it together once delivered again
        assertThat(transactionOf(a.getEnvelope())).isEqualTo(transactionOf(b.getEnvelope()))
                .isNotEqualTo(transactionOf(d.getEnvelope()));
        assertThat(transactionOf(d.getEnvelope())).isEqualTo(transactionOf(withdrawA.getEnvelope()));
        List<String> timeline = List.of(a.getEnvelope().getEventId().toString(),
                b.getEnvelope().getEventId().toString(), d.getEnvelope().getEventId().toString(),
                withdrawA.getEnvelope().getEventId().toString());
        assertThat(timelineOf(caseId)).containsExactlyInAnyOrderElementsOf(timeline);

        // the same events again (as a relay that published them twice sends them), then one more: nothing changes
        ReferralSent marker = referralSent(caseId);
        inOnePoll(caseId, applicable.get(0), applicable.get(1), applicable.get(2), applicable.get(3),
                avro(marker));
        Story.awaitReferralState(lule, marker.getReferralId().toString(), "REQUESTED");
        assertThat(lule.get("/api/referrals/" + a.getReferralId()).json().get("state").asString())
                .isEqualTo("WITHDRAWN");
        for (Envelope applied : List.of(a.getEnvelope(), b.getEnvelope(), d.getEnvelope(), withdrawA.getEnvelope())) {
            assertThat(timesProcessed(applied)).isEqualTo(1);
        }
        assertThat(timelineOf(caseId)).hasSize(5).containsAll(timeline)
                .contains(marker.getEnvelope().getEventId().toString());
        assertThat(deadLettersOf(caseId)).hasSize(1);
        // a poll applied again record by record logs what it applied once, as a poll that applied at once does
        // (logged just after the commit that the state seen above shows)
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            long markerLines = linesNaming(appliedLog, marker.getEnvelope());
            assertThat(markerLines).isPositive();
            for (Envelope applied : List.of(a.getEnvelope(), b.getEnvelope(), d.getEnvelope(),
                    withdrawA.getEnvelope())) {
                assertThat(linesNaming(appliedLog, applied)).as("Applied lines of %s", applied.getEventId())
                        .isEqualTo(markerLines);
            }
        });
        assertThat(linesNaming(appliedLog, poison.getEnvelope())).isZero();
    }

    @AfterEach
    void detachAppliedLog() {
        if (appliedLog != null) {
            Logger logger = (Logger) LoggerFactory.getLogger(RemoteEventApplier.class);
            logger.detachAppender(appliedLog);
            logger.setLevel(null); // its configured level again
            appliedLog = null;
        }
    }

    /** Collects the inbox's "Applied" lines (of every partner in this JVM) from now on. */
    private static ListAppender<ILoggingEvent> appliedLog() {
        Logger logger = (Logger) LoggerFactory.getLogger(RemoteEventApplier.class);
        logger.setLevel(Level.INFO);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        return appender;
    }

    private static long linesNaming(ListAppender<ILoggingEvent> log, Envelope event) {
        String id = event.getEventId().toString();
        List<ILoggingEvent> lines;
        synchronized (log) { // the appender appends under its own lock
            lines = List.copyOf(log.list);
        }
        return lines.stream().map(ILoggingEvent::getFormattedMessage)
                .filter(line -> line.startsWith("Applied ") && line.contains(id)).count();
    }

    @Test
    void aFailureOfTheMomentHoldsTheRecordsBackInOrderUntilItPassesAndDeadLettersNothing() throws Exception {
        String caseId = UUID.randomUUID().toString();
        JdbcTemplate db = lule.bean(JdbcTemplate.class);
        // while the case is listed in inbox_test_outage, inserting one of its referrals fails as a transaction that
        // lost a serialization conflict does; the attempts are counted by a sequence (not rolled back)
        dropOutage(db);
        db.execute("create table inbox_test_outage (case_id text primary key)");
        db.execute("create sequence inbox_test_attempts");
        db.execute("""
                create function inbox_test_fail() returns trigger language plpgsql as $$
                begin
                    if exists (select 1 from inbox_test_outage where case_id = new.case_id) then
                        perform nextval('inbox_test_attempts');
                        raise exception 'test outage for case %', new.case_id using errcode = 'serialization_failure';
                    end if;
                    return new;
                end $$""");
        db.execute("create trigger inbox_test_fail before insert on referral for each row "
                + "execute function inbox_test_fail()");
        try {
            db.update("insert into inbox_test_outage (case_id) values (?)", caseId);
            ReferralSent first = referralSent(caseId);
            ReferralSent second = referralSent(caseId);
            Instant sent = Instant.now();
            send(caseId, avro(first));
            send(caseId, avro(second));

            // tried again and again, past the 30 s after which other failures are given up on
            Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() ->
                    attempts(db) >= 3 && Duration.between(sent, Instant.now()).toSeconds() > 31);
            assertThat(lule.get("/api/referrals/" + first.getReferralId()).status()).isEqualTo(404);
            assertThat(lule.get("/api/referrals/" + second.getReferralId()).status())
                    .as("the record after it in the partition waits for it").isEqualTo(404);
            assertThat(deadLettersOf(caseId)).isEmpty();

            db.update("delete from inbox_test_outage");
            Story.awaitReferralState(lule, first.getReferralId().toString(), "REQUESTED");
            Story.awaitReferralState(lule, second.getReferralId().toString(), "REQUESTED");
            assertThat(timesProcessed(first.getEnvelope())).isEqualTo(1);
            assertThat(timesProcessed(second.getEnvelope())).isEqualTo(1);
            assertThat(deadLettersOf(caseId)).isEmpty();
        } finally {
            dropOutage(db);
        }
    }

    private static void dropOutage(JdbcTemplate db) {
        db.execute("drop trigger if exists inbox_test_fail on referral");
        db.execute("drop function if exists inbox_test_fail()");
        db.execute("drop table if exists inbox_test_outage");
        db.execute("drop sequence if exists inbox_test_attempts");
    }

    private static long attempts(JdbcTemplate db) {
        Long attempts = db.queryForObject("select case when is_called then last_value else 0 end "
                + "from inbox_test_attempts", Long.class);
        return attempts == null ? 0 : attempts;
    }

    /** Sends the records (to one partition) while lule's listener is paused, so that they reach it in one poll. */
    private static void inOnePoll(String key, byte[]... values) throws InterruptedException {
        MessageListenerContainer container = ledgerListener();
        container.pause();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(container::isContainerPaused);
            // a fetch sent before the pause is answered within fetch.max.wait.ms (500 ms): it must not bring the
            // first records alone
            Thread.sleep(1_500);
            for (byte[] value : values) {
                send(key, value);
            }
        } finally {
            container.resume();
        }
    }

    private static MessageListenerContainer ledgerListener() {
        return lule.bean(KafkaListenerEndpointRegistry.class).getListenerContainer("ledgers");
    }

    private static long timesProcessed(Envelope event) {
        return lule.bean(JdbcClient.class).sql("select count(*) from processed_event where event_id = :id")
                .param("id", event.getEventId()).query(Long.class).single();
    }

    /**
     * When the transaction that recorded the event as processed committed: a savepoint has an xmin of its own, but
     * commits with its transaction.
     */
    private static String transactionOf(Envelope event) {
        return lule.bean(JdbcClient.class).sql("""
                        select pg_xact_commit_timestamp(xmin)::text from processed_event where event_id = :id""")
                .param("id", event.getEventId()).query(String.class).single();
    }

    private static List<String> timelineOf(String caseId) {
        return lule.get("/api/cases/" + caseId).json().get("timeline").findValuesAsString("eventId");
    }

    private static List<ConsumerRecord<String, byte[]>> awaitDeadLetters(String caseId, int count) {
        return Awaitility.await().atMost(Story.PROPAGATION).pollInterval(Duration.ofMillis(200))
                .until(() -> deadLettersOf(caseId), records -> records.size() >= count);
    }

    private static List<ConsumerRecord<String, byte[]>> deadLettersOf(String caseId) {
        return LedgerReader.readAll(network.adminConfig(), LedgerTopics.deadLetter(TestNetwork.LULE)).stream()
                .filter(r -> caseId.equals(r.key())).toList();
    }

    private static void send(String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(LedgerTopics.ledger(NEWCOMER), key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("Could not write the newcomer's ledger", e);
        }
    }

    private static byte[] avro(Object event) {
        return Avro.serializer(network.registryUrl()).serialize(LedgerTopics.ledger(NEWCOMER), event);
    }

    private static ReferralSent referralSent(String caseId) {
        return ReferralSent.newBuilder()
                .setEnvelope(envelope(caseId))
                .setReferralId(UUID.randomUUID())
                .setToPartnerId(TestNetwork.LULE)
                .setServiceType(ServiceType.CULTURAL_MEDIATION)
                .setUrgency(Urgency.ROUTINE)
                .setDueBy(Instant.now().plus(Duration.ofDays(7)))
                .build();
    }

    private static ReferralWithdrawn withdrawn(String caseId, UUID referralId) {
        return ReferralWithdrawn.newBuilder().setEnvelope(envelope(caseId)).setReferralId(referralId)
                .setToPartnerId(TestNetwork.LULE).setReason("sent to the wrong service").build();
    }

    private static Envelope envelope(String caseId) {
        return Envelope.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(Instant.now())
                .setSourcePartnerId(NEWCOMER)
                .setCaseId(caseId)
                .setCorrelationId(caseId)
                .setSequence(1)
                .setPreviousEventHash(LedgerPosition.GENESIS_HASH)
                .build();
    }
}
