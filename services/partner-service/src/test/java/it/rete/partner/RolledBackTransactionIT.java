package it.rete.partner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import it.rete.contracts.CaseClosed;
import it.rete.contracts.CaseClosureReason;
import it.rete.partner.outbox.LedgerEvents;
import it.rete.partner.support.LedgerReader;
import it.rete.partner.support.PartnerNode;
import it.rete.partner.support.Story;
import it.rete.partner.support.TestNetwork;
import it.rete.plumbing.ledger.LedgerTopics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionTemplate;

/** An event is published if and only if the transaction that wrote it committed. */
class RolledBackTransactionIT {

    @Test
    void aRolledBackTransactionPublishesNothing() {
        TestNetwork network = TestNetwork.get();
        PartnerNode prefettura = network.partner(TestNetwork.PREFETTURA);
        String caseId = Story.openCase(prefettura);
        var transactions = prefettura.bean(TransactionTemplate.class);
        var ledger = prefettura.bean(LedgerEvents.class);
        var rolledBack = new AtomicReference<String>();

        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
            var written = ledger.record(caseId, null, e -> CaseClosed.newBuilder().setEnvelope(e)
                    .setReason(CaseClosureReason.LOST_CONTACT).build());
            rolledBack.set(written.eventId().toString());
            throw new IllegalStateException("the operator's request failed after the event was written");
        })).isInstanceOf(IllegalStateException.class);
        // a later committed write of the same case shows the relay has gone past the rolled-back one
        Story.consentTo(prefettura, caseId, TestNetwork.LULE);

        List<ConsumerRecord<String, byte[]>> ofCase = Awaitility.await().atMost(Story.PROPAGATION)
                .until(() -> LedgerReader.readAll(network.adminConfig(), LedgerTopics.ledger(TestNetwork.PREFETTURA))
                        .stream().filter(r -> caseId.equals(r.key())).toList(), records -> records.size() >= 2);
        assertThat(rolledBack.get()).isNotNull();
        assertThat(ofCase).extracting(r -> LedgerReader.header(r, "ce_type"))
                .containsExactly("it.rete.contracts.CaseOpened", "it.rete.contracts.ConsentRecorded");
        assertThat(ofCase).extracting(r -> LedgerReader.header(r, "ce_id")).doesNotContain(rolledBack.get());
        assertThat(prefettura.get("/api/cases/" + caseId).json().get("caseFile").get("status").asString())
                .isEqualTo("OPEN");
    }
}
