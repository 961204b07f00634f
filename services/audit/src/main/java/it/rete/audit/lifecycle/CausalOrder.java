package it.rete.audit.lifecycle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.UUID;

import it.rete.audit.ledger.LedgerEvent;

/**
 * Orders the events of one case across ledgers: an event comes after the event it names as its cause and after the
 * events before it in its own ledger (by sequence); events not ordered by either come by occurrence time. Clocks of
 * different partners may disagree, causation and sequence never do.
 */
public final class CausalOrder {

    /** Tie-break: time, then ledger, then sequence. */
    public static final Comparator<LedgerEvent> BY_TIME = CausalOrder::compareByTime;

    private CausalOrder() {
    }

    /**
     * Cases up to this many events are first tried in time order (a real case has tens of events), and searched
     * for an id without building a map.
     */
    static final int SMALL = 64;

    public static List<LedgerEvent> sort(List<LedgerEvent> events) {
        if (events.size() <= SMALL) {
            List<LedgerEvent> byTime = byTimeIfCausal(events);
            if (byTime != null) {
                return byTime;
            }
        }
        return byGraph(events);
    }

    /** The general algorithm: the causation and sequence graph, taken earliest-ready first. */
    static List<LedgerEvent> byGraph(List<LedgerEvent> events) {
        int n = events.size();
        List<List<Integer>> next = new ArrayList<>(n);
        int[] waitingFor = new int[n];
        Map<UUID, Integer> byId = new HashMap<>();
        for (int i = 0; i < n; i++) {
            next.add(new ArrayList<>(2));
            byId.putIfAbsent(events.get(i).eventId(), i);
        }
        for (int i = 0; i < n; i++) {
            UUID cause = events.get(i).causationId();
            Integer from = cause == null ? null : byId.get(cause);
            if (from != null && from != i) {
                next.get(from).add(i);
                waitingFor[i]++;
            }
        }
        // within a ledger, sequence order
        Map<String, List<Integer>> byLedger = new HashMap<>();
        for (int i = 0; i < n; i++) {
            byLedger.computeIfAbsent(events.get(i).position().topic(), t -> new ArrayList<>()).add(i);
        }
        for (List<Integer> ledger : byLedger.values()) {
            ledger.sort(Comparator.comparingLong(i -> events.get(i).sequence()));
            for (int k = 1; k < ledger.size(); k++) {
                next.get(ledger.get(k - 1)).add(ledger.get(k));
                waitingFor[ledger.get(k)]++;
            }
        }
        PriorityQueue<Integer> ready = new PriorityQueue<>((a, b) -> BY_TIME.compare(events.get(a), events.get(b)));
        for (int i = 0; i < n; i++) {
            if (waitingFor[i] == 0) {
                ready.add(i);
            }
        }
        boolean[] placed = new boolean[n];
        List<LedgerEvent> sorted = new ArrayList<>(n);
        while (sorted.size() < n) {
            if (ready.isEmpty()) {
                // a cycle, only possible in a tampered history: continue with the earliest event not placed
                int earliest = -1;
                for (int i = 0; i < n; i++) {
                    if (!placed[i] && (earliest < 0 || BY_TIME.compare(events.get(i), events.get(earliest)) < 0)) {
                        earliest = i;
                    }
                }
                waitingFor[earliest] = 0;
                ready.add(earliest);
            }
            int i = ready.poll();
            if (placed[i]) {
                continue;
            }
            placed[i] = true;
            sorted.add(events.get(i));
            for (int j : next.get(i)) {
                if (!placed[j] && --waitingFor[j] == 0) {
                    ready.add(j);
                }
            }
        }
        return sorted;
    }

    /**
     * The events by {@link #BY_TIME} when that order is strict and already puts every cause before its effect and
     * each ledger's events by increasing sequence: the order the general algorithm would give (it always takes the
     * earliest event that waits for nothing), found without building the graph. Null otherwise.
     */
    private static List<LedgerEvent> byTimeIfCausal(List<LedgerEvent> events) {
        int n = events.size();
        LedgerEvent[] sorted = new LedgerEvent[n];
        for (int i = 0; i < n; i++) {
            sorted[i] = events.get(i);
        }
        for (int i = 1; i < n; i++) {
            LedgerEvent event = sorted[i];
            int j = i - 1;
            while (j >= 0 && compareByTime(sorted[j], event) > 0) {
                sorted[j + 1] = sorted[j];
                j--;
            }
            sorted[j + 1] = event;
        }
        for (int k = 0; k < n; k++) {
            LedgerEvent event = sorted[k];
            if (k > 0 && compareByTime(sorted[k - 1], event) == 0) {
                return null;
            }
            String topic = event.position().topic();
            for (int j = 0; j < k; j++) {
                LedgerEvent before = sorted[j];
                if (before.sequence() >= event.sequence() && before.position().topic().equals(topic)) {
                    return null;
                }
            }
            UUID cause = event.causationId();
            if (cause != null) {
                LedgerEvent named = firstWithId(events, cause);
                if (named != null && named != event && !placedBefore(sorted, k, named)) {
                    return null;
                }
            }
        }
        return Arrays.asList(sorted);
    }

    /**
     * {@link #BY_TIME} written out: the tool runs with the client compiler, which does not inline a chain of
     * composed comparators, and a case's events are compared several times each.
     */
    static int compareByTime(LedgerEvent a, LedgerEvent b) {
        int byTime = Long.compare(a.occurredAt(), b.occurredAt());
        if (byTime != 0) {
            return byTime;
        }
        String topicA = a.position().topic();
        String topicB = b.position().topic();
        int byLedger = topicA == topicB ? 0 : topicA.compareTo(topicB);
        return byLedger != 0 ? byLedger : Long.compare(a.sequence(), b.sequence());
    }

    /** The first event with {@code id} in the case's list (the one a repeated id's effects wait for). */
    static LedgerEvent firstWithId(List<LedgerEvent> events, UUID id) {
        for (LedgerEvent event : events) {
            if (id.equals(event.eventId())) {
                return event;
            }
        }
        return null;
    }

    private static boolean placedBefore(LedgerEvent[] sorted, int k, LedgerEvent event) {
        for (int j = 0; j < k; j++) {
            if (sorted[j] == event) {
                return true;
            }
        }
        return false;
    }
}
