package it.rete.partner.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import it.rete.partner.support.StoryStream.Operation;
import it.rete.plumbing.ledger.LedgerTopics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Checks every ledger and every partner's state against what the clients got acknowledged:
 * <ul>
 * <li><b>lost</b>: an acknowledged operation whose event is not committed or not on the ledger; a committed
 * (outbox) event not on the ledger; a ledger event another partner has not processed; a partner whose state lags
 * behind the ledgers;</li>
 * <li><b>phantom</b>: a ledger event that its partner never committed; a committed event no operation asked for;
 * a processed event that is on no ledger;</li>
 * <li><b>duplicated</b>: one operation committed twice; a ledger copy that differs from what was committed; an
 * effect applied twice (placements); an event dead-lettered (a redelivery not recognised as one ends there).</li>
 * </ul>
 * Identical copies of a record that the outbox relay published again after a crash (at-least-once) are counted as
 * <b>redelivered</b>: consumers recognise them by event id and apply them once.
 */
public final class Reconciliation {

    private static final String TYPES = "it.rete.contracts.";

    /** What was found, with a description of every problem. */
    public record Summary(int acknowledged, int eventsFound, int lost, int phantom, int duplicated,
                          int redelivered, List<String> problems) {

        public String line(String test) {
            return String.format("%s: operations acknowledged=%d, events found=%d, lost=%d, phantom=%d, "
                    + "duplicated=%d (redelivered copies ignored by consumers=%d)", test, acknowledged, eventsFound,
                    lost, phantom, duplicated, redelivered);
        }
    }

    private record LedgerEvent(UUID id, String caseId, String type, byte[] value) {
    }

    private record Committed(UUID id, String caseId, String type, byte[] payload) {
    }

    private final NetworkUnderTest network;
    private final List<String> partners;
    private final List<String> problems = new ArrayList<>();
    private int lost;
    private int phantom;
    private int duplicated;
    private int redelivered;

    /** Whether everything on the ledgers is the stream's, or only the stream's cases are checked. */
    private final boolean wholeNetwork;

    private Reconciliation(NetworkUnderTest network, List<String> partners, boolean wholeNetwork) {
        this.network = network;
        this.partners = partners;
        this.wholeNetwork = wholeNetwork;
    }

    /**
     * Waits until every committed event is on its ledger and processed by the other partners (or the timeout),
     * then checks.
     *
     * @param acknowledged operations acknowledged to the clients, over the whole life of the network
     * @param failed       operations that failed or got no answer (they may have been committed)
     * @param wholeNetwork true when these operations are all the network ever received; false to check only their
     *                     cases (other tests write to the same ledgers)
     */
    public static Summary check(NetworkUnderTest network, List<String> partners, Collection<Operation> acknowledged,
                                Collection<Operation> failed, boolean wholeNetwork, Duration settle)
            throws InterruptedException {
        var reconciliation = new Reconciliation(network, partners, wholeNetwork);
        Set<String> streamCases = streamCases(acknowledged, failed);
        long deadline = System.nanoTime() + settle.toNanos();
        while (!reconciliation.settled(streamCases) && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        return reconciliation.run(acknowledged, failed);
    }

    private static Set<String> streamCases(Collection<Operation> acknowledged, Collection<Operation> failed) {
        Set<String> cases = new HashSet<>();
        acknowledged.forEach(op -> cases.add(op.caseId()));
        failed.stream().filter(op -> op.caseId() != null).forEach(op -> cases.add(op.caseId()));
        return cases;
    }

    private boolean settled(Set<String> streamCases) {
        try {
            for (String p : partners) {
                Set<UUID> onLedger = ledger(network, p).stream()
                        .filter(e -> wholeNetwork || streamCases.contains(e.caseId()))
                        .map(LedgerEvent::id).collect(Collectors.toSet());
                Set<UUID> committed = committed(network, p).values().stream()
                        .filter(c -> wholeNetwork || streamCases.contains(c.caseId()))
                        .map(Committed::id).collect(Collectors.toSet());
                if (!onLedger.containsAll(committed) || pending(network, p) > 0) {
                    return false;
                }
                for (String q : partners) {
                    if (!q.equals(p) && !processed(network, q, LedgerTopics.ledger(p)).containsAll(onLedger)) {
                        return false;
                    }
                }
            }
            return true;
        } catch (RuntimeException notReachableYet) {
            return false;
        }
    }

    private Summary run(Collection<Operation> acknowledged, Collection<Operation> failed) {
        Set<String> streamCases = streamCases(acknowledged, failed);
        Set<UUID> found = new HashSet<>();
        Map<String, String> expectedReferralState = new HashMap<>();
        Map<String, Integer> expectedPlacements = new HashMap<>();
        Set<String> closedCases = new HashSet<>();

        for (String p : partners) {
            String topic = LedgerTopics.ledger(p);
            Map<UUID, Committed> committed = committed(network, p);
            List<LedgerEvent> ledger = ledger(network, p);
            if (!wholeNetwork) {
                committed.values().removeIf(c -> !streamCases.contains(c.caseId()));
                ledger = ledger.stream().filter(e -> streamCases.contains(e.caseId())).toList();
            }

            // ledger against the partner's committed outbox, byte for byte
            Map<UUID, LedgerEvent> firstCopy = new HashMap<>();
            for (LedgerEvent event : ledger) {
                Committed row = committed.get(event.id());
                if (row == null) {
                    problem("phantom", "%s on %s was never committed by %s", event.id(), topic, p);
                    phantom++;
                    continue;
                }
                if (!Arrays.equals(row.payload(), event.value())) {
                    problem("duplicated", "%s on %s differs from what %s committed", event.id(), topic, p);
                    duplicated++;
                }
                if (firstCopy.putIfAbsent(event.id(), event) != null) {
                    redelivered++;
                }
            }
            for (Committed row : committed.values()) {
                if (!firstCopy.containsKey(row.id())) {
                    problem("lost", "%s committed by %s is not on %s", row.id(), p, topic);
                    lost++;
                }
            }

            // each committed event of the stream's cases answers one operation
            Map<String, List<Committed>> byOperation = committed.values().stream()
                    // an opening whose answer was lost has a case id the client never learnt
                    .filter(c -> streamCases.contains(c.caseId()) || c.type().equals(TYPES + "CaseOpened"))
                    .collect(Collectors.groupingBy(c -> key(p, c.caseId(), c.type())));
            Set<String> acknowledgedKeys = new HashSet<>();
            for (Operation op : acknowledged) {
                if (op.partnerId().equals(p)) {
                    acknowledgedKeys.add(key(p, op.caseId(), op.eventType()));
                    if (!byOperation.containsKey(key(p, op.caseId(), op.eventType()))) {
                        problem("lost", "acknowledged %s of case %s at %s is not committed", op.eventType(),
                                op.caseId(), p);
                        lost++;
                    }
                }
            }
            Set<String> failedKeys = failed.stream().filter(op -> op.partnerId().equals(p) && op.caseId() != null)
                    .map(op -> key(p, op.caseId(), op.eventType())).collect(Collectors.toSet());
            long unansweredOpens = failed.stream().filter(op -> op.partnerId().equals(p) && op.caseId() == null)
                    .count();
            for (Map.Entry<String, List<Committed>> entry : byOperation.entrySet()) {
                Committed first = entry.getValue().get(0);
                if (entry.getValue().size() > 1) {
                    problem("duplicated", "%s of case %s committed %d times by %s", first.type(), first.caseId(),
                            entry.getValue().size(), p);
                    duplicated += entry.getValue().size() - 1;
                }
                if (!acknowledgedKeys.contains(entry.getKey()) && !failedKeys.contains(entry.getKey())) {
                    if (first.type().equals(TYPES + "CaseOpened") && unansweredOpens > 0
                            && !streamCases.contains(first.caseId())) {
                        unansweredOpens--; // an opening whose answer was lost: committed, never acknowledged
                    } else {
                        problem("phantom", "%s of case %s committed by %s without any request", first.type(),
                                first.caseId(), p);
                        phantom++;
                    }
                }
            }

            // what the other partners must have applied
            for (String q : partners) {
                if (q.equals(p)) {
                    continue;
                }
                Set<UUID> processed = processed(network, q, topic);
                for (UUID id : firstCopy.keySet()) {
                    if (!processed.contains(id)) {
                        problem("lost", "%s on %s not processed by %s", id, topic, q);
                        lost++;
                    }
                }
                for (UUID id : processed) {
                    if (wholeNetwork && !firstCopy.containsKey(id)) {
                        problem("phantom", "%s processed by %s is not on %s", id, q, topic);
                        phantom++;
                    }
                }
            }

            // the state the ledger implies for the stream's cases (one referral each)
            for (LedgerEvent event : firstCopy.values()) {
                if (!streamCases.contains(event.caseId())) {
                    continue;
                }
                found.add(event.id());
                String state = switch (event.type().substring(TYPES.length())) {
                    case "ReferralSent" -> "REQUESTED";
                    case "ReferralAccepted" -> "ACCEPTED";
                    case "PlacementMade" -> "IN_PROGRESS";
                    case "ReferralCompleted" -> "COMPLETED";
                    case "CaseClosed" -> {
                        closedCases.add(event.caseId());
                        yield null;
                    }
                    default -> null;
                };
                if (state != null) {
                    expectedReferralState.merge(event.caseId(), state, Reconciliation::later);
                }
                if (event.type().equals(TYPES + "PlacementMade")) {
                    expectedPlacements.merge(event.caseId(), 1, Integer::sum);
                }
            }
        }

        // every partner's state: referrals, placements, cases
        for (String q : partners) {
            JdbcClient jdbc = JdbcClient.create(network.dataSource(q));
            Map<String, String> states = new HashMap<>();
            jdbc.sql("select case_id, state from referral").query((rs, n) ->
                    states.put(rs.getString(1), rs.getString(2))).list();
            Map<String, Integer> placements = new HashMap<>();
            jdbc.sql("select case_id, count(*) from placement group by case_id").query((rs, n) ->
                    placements.put(rs.getString(1), rs.getInt(2))).list();
            Map<String, String> caseStatus = new HashMap<>();
            jdbc.sql("select case_id, status from case_file").query((rs, n) ->
                    caseStatus.put(rs.getString(1), rs.getString(2))).list();
            for (Map.Entry<String, String> expected : expectedReferralState.entrySet()) {
                String caseId = expected.getKey();
                String actual = states.get(caseId);
                if (!expected.getValue().equals(actual)) {
                    problem("lost", "the referral of case %s is %s at %s, the ledgers say %s", caseId, actual, q,
                            expected.getValue());
                    lost++;
                }
                int placed = placements.getOrDefault(caseId, 0);
                int events = expectedPlacements.getOrDefault(caseId, 0);
                if (placed > events) {
                    problem("duplicated", "case %s has %d placements at %s for %d events", caseId, placed, q,
                            events);
                    duplicated += placed - events;
                } else if (placed < events) {
                    problem("lost", "case %s has %d placements at %s for %d events", caseId, placed, q, events);
                    lost += events - placed;
                }
                String expectedStatus = closedCases.contains(caseId) ? "CLOSED" : "OPEN";
                if (!expectedStatus.equals(caseStatus.get(caseId))) {
                    problem("lost", "case %s is %s at %s, the ledgers say %s", caseId, caseStatus.get(caseId), q,
                            expectedStatus);
                    lost++;
                }
            }
            for (ConsumerRecord<String, byte[]> dead : LedgerReader.readAll(network.adminConfig(),
                    LedgerTopics.deadLetter(q))) {
                if (streamCases.contains(dead.key())) {
                    problem("duplicated", "an event of case %s was dead-lettered by %s: %s", dead.key(), q,
                            LedgerReader.header(dead, "kafka_dlt-exception-message"));
                    duplicated++;
                }
            }
        }
        return new Summary(acknowledged.size(), found.size(), lost, phantom, duplicated, redelivered,
                List.copyOf(problems));
    }

    private static final List<String> ORDER = List.of("REQUESTED", "ACCEPTED", "IN_PROGRESS", "COMPLETED");

    private static String later(String a, String b) {
        return ORDER.indexOf(a) >= ORDER.indexOf(b) ? a : b;
    }

    private static String key(String partner, String caseId, String type) {
        return partner + "|" + caseId + "|" + type;
    }

    private void problem(String kind, String format, Object... args) {
        if (problems.size() < 50) {
            problems.add(kind + ": " + String.format(format, args));
        }
    }

    private static long pending(NetworkUnderTest network, String partner) {
        return JdbcClient.create(network.dataSource(partner)).sql("select count(*) from outbox_pending")
                .query(Long.class).single();
    }

    private static Map<UUID, Committed> committed(NetworkUnderTest network, String partner) {
        Map<UUID, Committed> rows = new HashMap<>();
        JdbcClient.create(network.dataSource(partner))
                // committed events still waiting for their sequence count as committed (and not on the ledger)
                .sql("select id, aggregateid, type, payload from outbox "
                        + "union all select event_id, aggregateid, type, payload from outbox_pending")
                .query((rs, n) -> rows.put(rs.getObject(1, UUID.class),
                        new Committed(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                                rs.getBytes(4))))
                .list();
        return rows;
    }

    private static List<LedgerEvent> ledger(NetworkUnderTest network, String partner) {
        return LedgerReader.readAll(network.adminConfig(), LedgerTopics.ledger(partner)).stream()
                .map(r -> new LedgerEvent(UUID.fromString(LedgerReader.header(r, "ce_id")), r.key(),
                        LedgerReader.header(r, "ce_type"), r.value()))
                .toList();
    }

    private static Set<UUID> processed(NetworkUnderTest network, String partner, String sourceTopic) {
        return new HashSet<>(JdbcClient.create(network.dataSource(partner))
                .sql("select event_id from processed_event where source_topic = :topic")
                .param("topic", sourceTopic).query(UUID.class).list());
    }
}
