package it.rete.audit.support;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Function;

import it.rete.contracts.CaseClosed;
import it.rete.contracts.CaseClosureReason;
import it.rete.contracts.CaseOpened;
import it.rete.contracts.ConsentPurpose;
import it.rete.contracts.ConsentRecorded;
import it.rete.contracts.Envelope;
import it.rete.contracts.IntakeChannel;
import it.rete.contracts.PlacementKind;
import it.rete.contracts.PlacementMade;
import it.rete.contracts.ContractType;
import it.rete.contracts.ReferralAccepted;
import it.rete.contracts.ReferralCompleted;
import it.rete.contracts.ReferralDeclined;
import it.rete.contracts.DeclineReason;
import it.rete.contracts.ReferralOutcome;
import it.rete.contracts.ReferralSent;
import it.rete.contracts.ReferralWithdrawn;
import it.rete.contracts.Sector;
import it.rete.contracts.ServiceType;
import it.rete.contracts.Urgency;
import it.rete.audit.ledger.Position;
import it.rete.plumbing.ledger.LedgerTopics;
import it.rete.plumbing.outbox.HashChain;
import it.rete.plumbing.outbox.LedgerPosition;
import it.rete.plumbing.serde.AvroSerdeConfig;
import it.rete.plumbing.serde.AvroSerializer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Builds partner ledgers exactly as the outbox and relay write them (envelope sequence and previous-event hash from
 * plumbing's {@link HashChain}, key = case id, CloudEvents headers, record timestamp just after the event), keeps
 * them as records that a test may tamper with, then writes them to Kafka.
 */
public final class History implements AutoCloseable {

    /** A record of a ledger as it will be written. */
    public static final class Entry {
        public final String topic;
        public final String key;
        public byte[] value;
        public final SpecificRecord event;
        public final Envelope envelope;
        public String ceSource;
        public long timestamp;
        public Position position;

        Entry(String topic, String key, byte[] value, SpecificRecord event, Envelope envelope, String ceSource,
                long timestamp) {
            this.topic = topic;
            this.key = key;
            this.value = value;
            this.event = event;
            this.envelope = envelope;
            this.ceSource = ceSource;
            this.timestamp = timestamp;
        }

        public UUID eventId() {
            return envelope.getEventId();
        }
    }

    private final String bootstrap;
    private final AvroSerializer serializer;
    private final Map<String, LedgerPosition> heads = new HashMap<>();
    private final List<Entry> entries = new ArrayList<>();
    private final KafkaProducer<String, byte[]> producer;

    public History(TestStack stack) {
        this.bootstrap = stack.bootstrapServers();
        serializer = new AvroSerializer();
        serializer.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, stack.registryUrl(),
                AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY, "RecordNameStrategy"), false);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    public List<Entry> entries() {
        return entries;
    }

    /** Creates the ledger topics (3 partitions, as the partner services do). */
    public History ledgers(String... partners) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(java.util.Arrays.stream(partners)
                    .map(p -> LedgerTopics.ledgerTopic(p, 3, (short) 1)).toList()).all().get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    /** Appends an event to {@code partner}'s ledger, chained to the previous one. */
    public Entry append(String partner, String caseId, UUID causationId, Instant at,
            Function<Envelope, SpecificRecord> body) {
        LedgerPosition head = heads.getOrDefault(partner, LedgerPosition.genesis());
        Envelope envelope = Envelope.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(at)
                .setSourcePartnerId(partner).setCaseId(caseId).setCorrelationId(caseId).setCausationId(causationId)
                .setSequence(head.sequence()).setPreviousEventHash(head.previousEventHash()).build();
        SpecificRecord event = body.apply(envelope);
        String topic = LedgerTopics.ledger(partner);
        byte[] value = serializer.serialize(topic, event);
        heads.put(partner, head.next(HashChain.eventHash(value)));
        Entry entry = new Entry(topic, caseId, value, event, envelope, "/rete/partners/" + partner,
                at.toEpochMilli() + 100);
        entries.add(entry);
        return entry;
    }

    /** A record written by someone else's producer: outside any chain this history keeps. */
    public Entry raw(String topic, SpecificRecord event, String ceSource, Instant at) {
        Envelope envelope = (Envelope) event.get(event.getSchema().getField("envelope").pos());
        Entry entry = new Entry(topic, envelope.getCaseId(), serializer.serialize(topic, event), event, envelope,
                ceSource, at.toEpochMilli() + 100);
        entries.add(entry);
        return entry;
    }

    public byte[] serialize(String topic, SpecificRecord event) {
        return serializer.serialize(topic, event);
    }

    /** Writes every entry in list order and records where each went. */
    public History write() {
        try {
            List<java.util.concurrent.Future<RecordMetadata>> sent = new ArrayList<>();
            for (Entry e : entries) {
                var record = new ProducerRecord<>(e.topic, null, e.timestamp, e.key, e.value);
                record.headers().add(new RecordHeader("ce_id", bytes(e.envelope.getEventId().toString())));
                record.headers().add(new RecordHeader("ce_type", bytes(e.event.getSchema().getFullName())));
                record.headers().add(new RecordHeader("ce_source", bytes(e.ceSource)));
                record.headers().add(new RecordHeader("ce_time", bytes(e.envelope.getOccurredAt().toString())));
                record.headers().add(new RecordHeader("ce_specversion", bytes("1.0")));
                record.headers().add(new RecordHeader("ce_subject", bytes(e.key)));
                // one at a time: list order is ledger order
                sent.add(producer.send(record));
                producer.flush();
            }
            for (int i = 0; i < entries.size(); i++) {
                RecordMetadata m = sent.get(i).get();
                entries.get(i).position = new Position(m.topic(), m.partition(), m.offset());
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close();
    }

    // ---- the events of the referral story -------------------------------------------------------------------

    public Entry opened(String owner, String caseId, Instant at) {
        return append(owner, caseId, null, at, env -> CaseOpened.newBuilder().setEnvelope(env)
                .setTerritory("Castiglione delle Stiviere").setSector(Sector.AGRICULTURE)
                .setIntakeChannel(IntakeChannel.OUTREACH_TEAM).setPreferredLanguage("pa")
                .setVulnerabilityFlags(List.of()).build());
    }

    public Entry consent(String owner, String caseId, String recipient, Instant at) {
        return append(owner, caseId, null, at, env -> ConsentRecorded.newBuilder().setEnvelope(env)
                .setPurposes(List.of(ConsentPurpose.REFERRAL, ConsentPurpose.SERVICE_PROVISION))
                .setAllowedRecipients(List.of(recipient)).build());
    }

    public Entry sent(String owner, String caseId, UUID referralId, String to, Instant at) {
        return sent(owner, caseId, referralId, to, ServiceType.JOB_ORIENTATION, at);
    }

    public Entry sent(String owner, String caseId, UUID referralId, String to, ServiceType service, Instant at) {
        return append(owner, caseId, null, at, env -> ReferralSent.newBuilder().setEnvelope(env)
                .setReferralId(referralId).setToPartnerId(to).setServiceType(service)
                .setUrgency(Urgency.PRIORITY).setDueBy(at.plusSeconds(3 * 86400)).build());
    }

    public Entry accepted(String addressee, String caseId, UUID referralId, String sender, UUID cause, Instant at) {
        return append(addressee, caseId, cause, at, env -> ReferralAccepted.newBuilder().setEnvelope(env)
                .setReferralId(referralId).setSenderPartnerId(sender).build());
    }

    public Entry declined(String addressee, String caseId, UUID referralId, String sender, UUID cause, Instant at) {
        return append(addressee, caseId, cause, at, env -> ReferralDeclined.newBuilder().setEnvelope(env)
                .setReferralId(referralId).setSenderPartnerId(sender).setReasonCode(DeclineReason.NO_CAPACITY)
                .build());
    }

    /** The addressee's deadline events (contract version 3) for a referral due by {@code dueBy}. */
    public Entry overdue(String addressee, String caseId, UUID referralId, String sender, Instant dueBy, UUID cause,
                         Instant at) {
        return append(addressee, caseId, cause, at, env -> it.rete.contracts.ReferralOverdue.newBuilder()
                .setEnvelope(env).setReferralId(referralId).setSenderPartnerId(sender).setDueBy(dueBy).build());
    }

    public Entry expired(String addressee, String caseId, UUID referralId, String sender, Instant dueBy, UUID cause,
                         Instant at) {
        return append(addressee, caseId, cause, at, env -> it.rete.contracts.ReferralExpired.newBuilder()
                .setEnvelope(env).setReferralId(referralId).setSenderPartnerId(sender).setDueBy(dueBy).build());
    }

    public Entry withdrawn(String sender, String caseId, UUID referralId, String to, UUID cause, Instant at) {
        return append(sender, caseId, cause, at, env -> ReferralWithdrawn.newBuilder().setEnvelope(env)
                .setReferralId(referralId).setToPartnerId(to).setReason("Mario Rossi moved away").build());
    }

    public Entry placement(String addressee, String caseId, UUID referralId, String sender, UUID cause, Instant at) {
        return append(addressee, caseId, cause, at, env -> PlacementMade.newBuilder().setEnvelope(env)
                .setPlacementId(UUID.randomUUID()).setReferralId(referralId).setSenderPartnerId(sender)
                .setKind(PlacementKind.REGULAR_EMPLOYMENT).setContractType(ContractType.SEASONAL)
                .setStartDate(LocalDate.of(2026, 12, 1)).build());
    }

    public Entry completed(String addressee, String caseId, UUID referralId, String sender, UUID cause, Instant at) {
        return append(addressee, caseId, cause, at, env -> ReferralCompleted.newBuilder().setEnvelope(env)
                .setReferralId(referralId).setSenderPartnerId(sender).setOutcome(ReferralOutcome.SUCCESSFUL).build());
    }

    public Entry closed(String owner, String caseId, Instant at) {
        return append(owner, caseId, null, at, env -> CaseClosed.newBuilder().setEnvelope(env)
                .setReason(CaseClosureReason.GOALS_MET).setReasonText("told by Mario Rossi, +39 333 1234567").build());
    }
}
