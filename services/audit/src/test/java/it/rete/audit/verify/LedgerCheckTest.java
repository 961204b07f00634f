package it.rete.audit.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import it.rete.audit.ledger.LedgerEvent;
import it.rete.audit.ledger.LedgerRecord;
import it.rete.audit.ledger.Position;
import it.rete.contracts.CaseOpened;
import it.rete.contracts.Envelope;
import it.rete.contracts.IntakeChannel;
import it.rete.contracts.Sector;
import it.rete.plumbing.outbox.HashChain;
import it.rete.plumbing.outbox.LedgerPosition;
import it.rete.plumbing.serde.WireFormat;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/** The merge of a ledger's partitions by sequence, with its bounded reorder buffer. */
class LedgerCheckTest {

    private static final String TOPIC = "rete.a.events";

    private final List<Violation> violations = new ArrayList<>();
    private final List<Long> accepted = new ArrayList<>();
    private final Map<Long, String> hashes = new HashMap<>();
    private long offset;

    private LedgerCheck check(int buffer) {
        return new LedgerCheck(TOPIC, List.of(0, 1), buffer, violations::add, e -> accepted.add(e.sequence()));
    }

    /** Event {@code sequence}, correctly chained to {@code sequence - 1}. */
    private LedgerRecord record(long sequence, int partition) {
        byte[] body = ("event " + sequence).getBytes(StandardCharsets.UTF_8);
        hashes.put(sequence, HashChain.sha256Hex(body));
        String previous = sequence == 1 ? LedgerPosition.GENESIS_HASH
                : HashChain.sha256Hex(("event " + (sequence - 1)).getBytes(StandardCharsets.UTF_8));
        String caseId = "case-" + sequence;
        Envelope envelope = Envelope.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.EPOCH)
                .setSourcePartnerId("a").setCaseId(caseId).setCorrelationId(caseId).setSequence(sequence)
                .setPreviousEventHash(previous).build();
        CaseOpened event = CaseOpened.newBuilder().setEnvelope(envelope).setTerritory("x")
                .setSector(Sector.OTHER).setIntakeChannel(IntakeChannel.OTHER).setPreferredLanguage("en").setVulnerabilityFlags(List.of()).build();
        Position position = new Position(TOPIC, partition, offset++);
        return new LedgerRecord(position, 0, caseId, WireFormat.frame(1, body), headers(envelope),
                LedgerEvent.of(event, position, 0), previous, null);
    }

    private static RecordHeaders headers(Envelope envelope) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_id", envelope.getEventId().toString().getBytes(StandardCharsets.UTF_8));
        headers.add("ce_type", "it.rete.contracts.CaseOpened".getBytes(StandardCharsets.UTF_8));
        headers.add("ce_source", "/rete/partners/a".getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    @Test
    void partitionsAreMergedBySequence() {
        LedgerCheck check = check(100);
        check.offer(record(2, 1));
        check.offer(record(4, 1));
        check.drain(p -> false, false);
        assertThat(accepted).isEmpty(); // 1 has not come yet
        check.offer(record(1, 0));
        check.offer(record(3, 0));
        check.drain(p -> true, true);
        assertThat(accepted).containsExactly(1L, 2L, 3L, 4L);
        assertThat(violations).isEmpty();
    }

    @Test
    void aMissingSequenceIsDeclaredWhenNoPartitionCanBringIt() {
        LedgerCheck check = check(2);
        check.offer(record(1, 0));
        check.offer(record(3, 1));
        check.drain(p -> check.bufferFull(p), false);
        assertThat(accepted).containsExactly(1L); // partition 0 may still bring 2
        check.offer(record(4, 1));
        check.drain(p -> check.bufferFull(p), false);
        assertThat(violations).isEmpty(); // partition 0 is empty but not read to the end
        check.drain(p -> p == 0 || check.bufferFull(p), false); // partition 0 read to the end
        assertThat(accepted).containsExactly(1L, 3L, 4L);
        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.kind()).isEqualTo(ViolationKind.SEQUENCE_GAP);
            assertThat(v.message()).contains("sequence 2 is missing before sequence 3");
        });
        // if it turns up later, it cannot be placed any more
        check.offer(record(2, 0));
        assertThat(violations).hasSize(2).last().satisfies(v -> {
            assertThat(v.kind()).isEqualTo(ViolationKind.SEQUENCE_REPEAT);
            assertThat(v.message()).contains("out of place");
        });
    }

    @Test
    void aRepeatedSequenceKeepsTheEventThatContinuesTheChain() {
        LedgerCheck check = check(100);
        check.offer(record(1, 0));
        LedgerRecord genuine = record(2, 0);
        // same sequence, different body, previous hash not the chain's
        byte[] body = "forged".getBytes(StandardCharsets.UTF_8);
        Envelope envelope = Envelope.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.EPOCH)
                .setSourcePartnerId("a").setCaseId("case-2").setCorrelationId("case-2").setSequence(2)
                .setPreviousEventHash(hashes.get(2L)).build();
        CaseOpened forgedEvent = CaseOpened.newBuilder().setEnvelope(envelope).setTerritory("x")
                .setSector(Sector.OTHER).setIntakeChannel(IntakeChannel.OTHER).setPreferredLanguage("en").setVulnerabilityFlags(List.of()).build();
        Position at = new Position(TOPIC, 1, offset++);
        LedgerRecord forged = new LedgerRecord(at, 0, envelope.getCaseId(), WireFormat.frame(1, body),
                headers(envelope), LedgerEvent.of(forgedEvent, at, 0), hashes.get(2L), null);
        check.offer(forged);
        check.offer(genuine);
        check.offer(record(3, 0));
        check.drain(p -> true, true);
        assertThat(accepted).containsExactly(1L, 2L, 3L);
        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.kind()).isEqualTo(ViolationKind.SEQUENCE_REPEAT);
            assertThat(v.position()).isEqualTo(at);
        });
    }
}
