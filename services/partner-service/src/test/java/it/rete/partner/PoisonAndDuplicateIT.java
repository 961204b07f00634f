package it.rete.partner;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import it.rete.contracts.Envelope;
import it.rete.contracts.ReferralAccepted;
import it.rete.contracts.ReferralSent;
import it.rete.contracts.ServiceType;
import it.rete.contracts.Urgency;
import it.rete.partner.support.Avro;
import it.rete.partner.support.LedgerReader;
import it.rete.partner.support.PartnerNode;
import it.rete.partner.support.Reconciliation;
import it.rete.partner.support.StoryStream;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Records a partner cannot apply go to its dead-letter topic with the reason, and the records after them are still
 * applied. A record delivered twice is applied once.
 */
class PoisonAndDuplicateIT {

    /** A partner that joins the network during the test: its ledger is found by the pattern subscription. */
    private static final String NEWCOMER = "newcomer-" + Long.toHexString(System.nanoTime());

    /** Acknowledged operations of the stream that poison records interrupt. */
    private static final int POISON_STREAM = Integer.getInteger("rete.faults.poison-operations", 120);

    private static TestNetwork network;
    private static PartnerNode prefettura;
    private static PartnerNode lule;
    private static KafkaProducer<String, byte[]> producer;

    @BeforeAll
    static void network() throws Exception {
        network = TestNetwork.get();
        prefettura = network.partner(TestNetwork.PREFETTURA);
        lule = network.partner(TestNetwork.LULE);
        network.admit(NEWCOMER);
        // the newcomer's own producer: only it may write its ledger
        var config = network.clientConfig(NEWCOMER);
        config.put("acks", "all");
        producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    @Test
    void poisonRecordsGoToTheDeadLetterTopicWithTheirReasonAndTheNextRecordIsApplied() throws Exception {
        String caseId = UUID.randomUUID().toString();
        byte[] garbage = "this is not avro".getBytes();
        ReferralSent forged = referralSent(caseId, TestNetwork.PREFETTURA, TestNetwork.LULE);
        ReferralSent genuine = referralSent(caseId, NEWCOMER, TestNetwork.LULE);

        send(caseId, garbage);
        send(caseId, avro(forged));   // claims to come from prefettura, written to the newcomer's ledger
        send(caseId, avro(genuine));

        String referralId = genuine.getReferralId().toString();
        Story.awaitReferralState(lule, referralId, "REQUESTED");

        List<ConsumerRecord<String, byte[]>> deadLetters = awaitDeadLetters(LedgerTopics.deadLetter(TestNetwork.LULE),
                caseId, 2);
        assertThat(deadLetters.get(0).value()).isEqualTo(garbage);
        assertThat(LedgerReader.header(deadLetters.get(0), "kafka_dlt-original-topic"))
                .isEqualTo(LedgerTopics.ledger(NEWCOMER));
        assertThat(LedgerReader.header(deadLetters.get(0), "kafka_dlt-exception-message")).isNotBlank();
        assertThat(LedgerReader.header(deadLetters.get(1), "kafka_dlt-exception-message"))
                .contains("claims to come from " + TestNetwork.PREFETTURA);
        assertThat(lule.get("/api/referrals/" + forged.getReferralId()).status()).isEqualTo(404);
    }

    @Test
    void poisonRecordsAmidAStreamAreDeadLetteredAndEveryOtherEventIsApplied() throws Exception {
        List<String> partners = List.of(TestNetwork.PREFETTURA, TestNetwork.LULE);
        List<String> poisonKeys = new java.util.ArrayList<>();
        Reconciliation.Summary summary;
        try (StoryStream stream = new StoryStream(network, List.of(
                new StoryStream.Route(TestNetwork.PREFETTURA, TestNetwork.LULE),
                new StoryStream.Route(TestNetwork.LULE, TestNetwork.PREFETTURA)), POISON_STREAM, 40, 4).start()) {
            for (int i = 0; i < 10; i++) {
                stream.awaitAcknowledged(POISON_STREAM * (i + 1) / 12, Duration.ofMinutes(3));
                String key = UUID.randomUUID().toString();
                poisonKeys.add(key);
                // garbage, and an event that claims another partner's name, in turn
                send(key, i % 2 == 0 ? ("poison " + i).getBytes()
                        : avro(referralSent(key, TestNetwork.PREFETTURA, TestNetwork.LULE)));
            }
            stream.awaitEnd(Duration.ofMinutes(5));
            summary = Reconciliation.check(network, partners, stream.acknowledged(), stream.failed(), false,
                    Duration.ofMinutes(2));
        }
        System.out.println(summary.line("poison records amid the stream") + "; poison records sent: "
                + poisonKeys.size());
        assertThat(summary.problems()).isEmpty();
        assertThat(summary.eventsFound()).isGreaterThanOrEqualTo(POISON_STREAM);
        // both partners follow the newcomer's ledger: each dead-letters every poison record, with its reason
        for (String partner : partners) {
            var deadLetters = Awaitility.await().atMost(Story.PROPAGATION).pollInterval(Duration.ofMillis(200))
                    .until(() -> LedgerReader.readAll(network.adminConfig(), LedgerTopics.deadLetter(partner))
                            .stream().filter(r -> poisonKeys.contains(r.key())).toList(), r -> r.size() >= 10);
            assertThat(deadLetters).extracting(ConsumerRecord::key).containsExactlyInAnyOrderElementsOf(poisonKeys);
            assertThat(deadLetters).allSatisfy(r ->
                    assertThat(LedgerReader.header(r, "kafka_dlt-exception-message")).isNotBlank());
        }
    }

    @Test
    void anEventDeliveredTwiceIsAppliedOnce() throws Exception {
        String caseId = UUID.randomUUID().toString();
        ReferralSent sent = referralSent(caseId, NEWCOMER, TestNetwork.LULE);
        byte[] bytes = avro(sent);
        send(caseId, bytes);
        send(caseId, bytes);
        ReferralSent marker = referralSent(caseId, NEWCOMER, TestNetwork.LULE);
        send(caseId, avro(marker));

        // once the later event is applied, both deliveries of the first have been processed
        Story.awaitReferralState(lule, marker.getReferralId().toString(), "REQUESTED");
        var timeline = lule.get("/api/cases/" + caseId).json().get("timeline");
        assertThat(timeline.findValuesAsString("eventId"))
                .containsExactlyInAnyOrder(sent.getEnvelope().getEventId().toString(),
                        marker.getEnvelope().getEventId().toString());
        long processed = lule.bean(JdbcClient.class).sql("select count(*) from processed_event where event_id = :id")
                .param("id", sent.getEnvelope().getEventId()).query(Long.class).single();
        assertThat(processed).isEqualTo(1);
    }

    @Test
    void anAnswerFromAPartnerThatIsNotTheAddresseeIsDeadLettered() throws Exception {
        String caseId = Story.openCase(prefettura);
        Story.consentTo(prefettura, caseId, TestNetwork.LULE);
        String referralId = Story.refer(prefettura, caseId, TestNetwork.LULE);

        // the newcomer tries to accept a referral addressed to lule
        var envelope = envelope(caseId, NEWCOMER);
        send(caseId, avro(ReferralAccepted.newBuilder().setEnvelope(envelope)
                .setReferralId(UUID.fromString(referralId)).setSenderPartnerId(TestNetwork.PREFETTURA).build()));

        var deadLetters = awaitDeadLetters(LedgerTopics.deadLetter(TestNetwork.PREFETTURA), caseId, 1);
        assertThat(LedgerReader.header(deadLetters.get(0), "kafka_dlt-exception-message"))
                .contains("only the addressee (lule-outreach) may do this");
        assertThat(prefettura.get("/api/referrals/" + referralId).json().get("state").asString())
                .isEqualTo("REQUESTED");
    }

    private static List<ConsumerRecord<String, byte[]>> awaitDeadLetters(String topic, String caseId, int count) {
        return Awaitility.await().atMost(Story.PROPAGATION).pollInterval(Duration.ofMillis(200))
                .until(() -> LedgerReader.readAll(network.adminConfig(), topic).stream()
                        .filter(r -> caseId.equals(r.key())).toList(), records -> records.size() >= count);
    }

    private static void send(String key, byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(LedgerTopics.ledger(NEWCOMER), key, value)).get();
    }

    private static byte[] avro(Object event) {
        return Avro.serializer(network.registryUrl()).serialize(LedgerTopics.ledger(NEWCOMER), event);
    }

    private static ReferralSent referralSent(String caseId, String from, String to) {
        return ReferralSent.newBuilder()
                .setEnvelope(envelope(caseId, from))
                .setReferralId(UUID.randomUUID())
                .setToPartnerId(to)
                .setServiceType(ServiceType.CULTURAL_MEDIATION)
                .setUrgency(Urgency.ROUTINE)
                .setDueBy(Instant.now().plus(Duration.ofDays(7)))
                .build();
    }

    private static Envelope envelope(String caseId, String source) {
        return Envelope.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(Instant.now())
                .setSourcePartnerId(source)
                .setCaseId(caseId)
                .setCorrelationId(caseId)
                .setSequence(1)
                .setPreviousEventHash(LedgerPosition.GENESIS_HASH)
                .build();
    }
}
