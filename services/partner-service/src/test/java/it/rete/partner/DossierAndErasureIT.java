package it.rete.partner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.List;

import it.rete.contracts.ReferralSent;
import it.rete.contracts.SealedDossier;
import it.rete.partner.dossier.DossierSeal;
import it.rete.partner.keys.KeyDirectory;
import it.rete.partner.keys.OwnKeys;
import it.rete.partner.support.Avro;
import it.rete.partner.support.LedgerChain;
import it.rete.partner.support.LedgerReader;
import it.rete.partner.support.LocalEvents;
import it.rete.partner.support.PartnerNode;
import it.rete.partner.support.Story;
import it.rete.partner.support.TestNetwork;
import it.rete.plumbing.ledger.LedgerTopics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A referral carries a dossier only its addressee (and its sender) can open; erasing the case destroys every key
 * that opens it, while the ledgers stay untouched and verifiable.
 */
class DossierAndErasureIT {

    private static final String NAME = "Amina Dossier-" + Long.toHexString(System.nanoTime());

    private static TestNetwork network;
    private static PartnerNode prefettura;
    private static PartnerNode lule;

    @BeforeAll
    static void network() {
        network = TestNetwork.get();
        prefettura = network.partner(TestNetwork.PREFETTURA);
        lule = network.partner(TestNetwork.LULE);
        // each partner publishes its key at start; the other one records it
        Awaitility.await().atMost(Story.PROPAGATION).until(() ->
                prefettura.bean(KeyDirectory.class).current(TestNetwork.LULE).isPresent());
    }

    @Test
    void onlyTheTwoPartiesReadTheDossierAndAfterErasureNobodyCan() throws Exception {
        String caseId = Story.openCase(prefettura);
        Story.consentTo(prefettura, caseId, TestNetwork.LULE);
        var sent = prefettura.post("/api/cases/" + caseId + "/referrals", """
                {"toPartnerId": "lule-outreach", "serviceType": "LEGAL_AID", "urgency": "PRIORITY",
                 "dossier": {"fullName": "%s", "phone": "+39 333 1234567", "languages": ["ar", "fr"],
                             "needs": "Unpaid wages since July", "meetingPoint": "Via Roma 1, Mantova"}}"""
                .formatted(NAME));
        assertThat(sent.status()).as(sent.body()).isEqualTo(201);
        String referralId = sent.json().get("referralId").asString();
        Story.awaitReferralState(lule, referralId, "REQUESTED");

        // the addressee opens it, and so does the sender
        Awaitility.await().atMost(Story.PROPAGATION).until(() ->
                lule.get("/api/referrals/" + referralId + "/dossier").status() == 200);
        var atAddressee = lule.get("/api/referrals/" + referralId + "/dossier").json();
        assertThat(atAddressee.get("fullName").asString()).isEqualTo(NAME);
        assertThat(atAddressee.get("languages").toString()).contains("ar", "fr");
        assertThat(prefettura.get("/api/referrals/" + referralId + "/dossier").json().get("fullName").asString())
                .isEqualTo(NAME);

        // on the ledger, anyone allowed to read it sees the referral but not the person
        ConsumerRecord<String, byte[]> record = referralSentRecord(caseId);
        assertThat(new String(record.value(), StandardCharsets.ISO_8859_1)).doesNotContain(NAME).doesNotContain("Amina");
        assertThat(record.key()).isEqualTo(caseId);
        record.headers().forEach(h -> assertThat(new String(h.value(), StandardCharsets.UTF_8)).doesNotContain("Amina"));
        SealedDossier sealed = ((ReferralSent) read(record)).getDossier();
        String luleKeyAtSending = sealed.getRecipientKeyId();
        var prefetturaOwnKey = prefettura.bean(OwnKeys.class).activeKeyId().orElseThrow();
        assertThatThrownBy(() -> DossierSeal.unwrap(sealed,
                prefettura.bean(OwnKeys.class).privateKey(prefetturaOwnKey).orElseThrow()))
                .as("another partner's private key does not open the dossier")
                .isInstanceOf(GeneralSecurityException.class);
        var keyThatOpensIt = lule.bean(OwnKeys.class).privateKey(luleKeyAtSending).orElseThrow();
        assertThat(DossierSeal.unwrap(sealed, keyThatOpensIt)).isNotNull();
        for (String deadLetters : List.of(LedgerTopics.deadLetter(TestNetwork.LULE),
                LedgerTopics.deadLetter(TestNetwork.PREFETTURA))) {
            for (var dead : LedgerReader.readAll(network.adminConfig(), deadLetters)) {
                assertThat(new String(dead.value(), StandardCharsets.ISO_8859_1)).doesNotContain("Amina");
            }
        }

        // erasure, asked of the case's owner
        var erased = prefettura.post("/api/cases/" + caseId + "/erasure", "{\"basis\": \"DATA_SUBJECT_REQUEST\"}");
        assertThat(erased.status()).as(erased.body()).isEqualTo(202);
        Awaitility.await().atMost(Story.PROPAGATION).until(() ->
                lule.get("/api/referrals/" + referralId + "/dossier").status() == 410);
        var gone = prefettura.get("/api/referrals/" + referralId + "/dossier");
        assertThat(gone.status()).isEqualTo(410);
        assertThat(gone.contentType()).contains("application/problem+json");
        assertThat(gone.body()).contains("urn:rete:problem:erased");

        // nothing left that opens the dossier still on the ledger: data keys gone, the addressee's key destroyed
        for (PartnerNode partner : List.of(prefettura, lule)) {
            JdbcClient jdbc = partner.bean(JdbcClient.class);
            assertThat(jdbc.sql("select count(*) from case_data_key where case_id = :id").param("id", caseId)
                    .query(Integer.class).single()).isZero();
            assertThat(jdbc.sql("select count(*) from referral_dossier where case_id = :id").param("id", caseId)
                    .query(Integer.class).single()).isZero();
        }
        assertThat(lule.bean(OwnKeys.class).privateKey(luleKeyAtSending)).isEmpty();
        List<byte[]> privateKeysLuleStillHolds = lule.bean(JdbcClient.class)
                .sql("select private_key from own_key where private_key is not null").query(byte[].class).list();
        assertThat(privateKeysLuleStillHolds).isNotEmpty(); // a new key, for new dossiers
        String luleNewKey = lule.bean(OwnKeys.class).activeKeyId().orElseThrow();
        assertThat(luleNewKey).isNotEqualTo(luleKeyAtSending);
        assertThatThrownBy(() -> DossierSeal.unwrap(sealed,
                lule.bean(OwnKeys.class).privateKey(luleNewKey).orElseThrow()))
                .isInstanceOf(GeneralSecurityException.class);
        // senders learn the new key
        Awaitility.await().atMost(Story.PROPAGATION).until(() -> prefettura.bean(KeyDirectory.class)
                .current(TestNetwork.LULE).map(KeyDirectory.RecipientKey::keyId).orElse("").equals(luleNewKey));

        // the ledger is untouched: the referral is still there, and the chain still holds
        assertThat(referralSentRecord(caseId).value()).isEqualTo(record.value());
        LedgerChain.assertWholeAndChained(network, LedgerTopics.ledger(TestNetwork.PREFETTURA));
        assertThat(prefettura.get("/api/cases/" + caseId).body()).contains("Personal data erased");
        // and the auditors' verification, with the auditor's own identity, still finds nothing wrong
        var auditOut = new java.io.StringWriter();
        var audit = new picocli.CommandLine(new it.rete.audit.AuditCli());
        audit.setOut(new java.io.PrintWriter(auditOut));
        int verified = audit.execute("verify", "--bootstrap-servers", network.bootstrapServers(),
                "--registry-url", network.registryUrl(),
                "--client-config", network.clientConfigFile("audit").toString(),
                "--partners", TestNetwork.PREFETTURA + "," + TestNetwork.LULE);
        assertThat(verified).as(auditOut.toString()).isZero();

        var again = prefettura.post("/api/cases/" + caseId + "/erasure", "{\"basis\": \"DATA_SUBJECT_REQUEST\"}");
        assertThat(again.status()).isEqualTo(422);
        var byOther = lule.post("/api/cases/" + caseId + "/erasure", "{\"basis\": \"DATA_SUBJECT_REQUEST\"}");
        assertThat(byOther.status()).isEqualTo(422);
    }

    @Test
    void aDossierForAPartnerWithoutPublishedKeyIsRefusedAndNothingIsWritten() {
        String caseId = Story.openCase(prefettura);
        Story.consentTo(prefettura, caseId, TestNetwork.CPI);
        JdbcClient jdbc = prefettura.bean(JdbcClient.class);
        long before = LocalEvents.concerning(prefettura, caseId);
        var refused = prefettura.post("/api/cases/" + caseId + "/referrals", """
                {"toPartnerId": "cpi-mantova", "serviceType": "JOB_ORIENTATION", "urgency": "ROUTINE",
                 "dossier": {"fullName": "Someone"}}""");
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body()).contains("urn:rete:problem:no-recipient-key");
        assertThat(LocalEvents.concerning(prefettura, caseId)).isEqualTo(before);
        assertThat(jdbc.sql("select count(*) from referral where case_id = :id").param("id", caseId)
                .query(Integer.class).single()).isZero();
    }

    private static ConsumerRecord<String, byte[]> referralSentRecord(String caseId) {
        return Awaitility.await().atMost(Story.PROPAGATION).until(() -> LedgerReader
                .readAll(network.adminConfig(), LedgerTopics.ledger(TestNetwork.PREFETTURA)).stream()
                .filter(r -> caseId.equals(r.key()))
                .filter(r -> "it.rete.contracts.ReferralSent".equals(LedgerReader.header(r, "ce_type")))
                .findFirst().orElse(null), r -> r != null);
    }

    private static Object read(ConsumerRecord<String, byte[]> record) {
        return Avro.deserializer(network.registryUrl()).deserialize(record.topic(), record.value());
    }
}
