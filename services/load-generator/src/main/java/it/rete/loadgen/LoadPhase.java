package it.rete.loadgen;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One load phase: referral stories over the REST API at an offered rate (open loop: requests are sent on schedule
 * whether or not earlier ones were answered), or as fast as a fixed number of requests in flight allows (closed
 * loop, for the saturated throughput).
 *
 * <p>A story: the sender opens a case, records consent and refers it; once the addressee's database holds the
 * referral it accepts it, records a placement and completes it; once the sender's database shows it completed, the
 * sender closes the case. Each slot of the schedule sends the next step of a story that is ready, or opens a new case.
 *
 * <p>End to end, for every event a partner wrote during the measured window: from the commit of the request's
 * transaction that wrote it (the outbox row's {@code committed_at}, which the outbox sequencer copies from the
 * pending row's {@code pg_xact_commit_timestamp}; the outbox row's own commit for rows written before sequencing
 * existed) to the commit of the transaction that applied it at each other partner (its {@code processed_event}
 * row's), both read from PostgreSQL on this machine's clock. So the time the event waited for its sequence is
 * counted. The two legs are reported too: request's commit to the commit that placed the event in the ledger (the
 * outbox row's own transaction, the sequencer's), and that commit to the application at the reader (logical
 * decoding, the relay, the broker, the reader's consumer and transaction).
 */
final class LoadPhase {

    record Partner(String id, URI api, String operatorKey, PartnerDatabase database) {
    }

    record Result(String label, double measuredSeconds, long acknowledged, long errors, long skipped,
                  Percentiles rest, Percentiles endToEnd, Percentiles toLedger, Percentiles fromLedger,
                  long notApplied, double eventsAppliedPerSecond) {
    }

    private static final Pattern CASE_ID = Pattern.compile("\"caseId\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern REFERRAL_ID = Pattern.compile("\"referralId\"\\s*:\\s*\"([^\"]+)\"");

    private final List<Partner> partners;
    private final double rate;
    private final int concurrency;
    private final Duration warmup;
    private final Duration measure;
    private final Duration drain;
    private final Duration watchInterval;
    private final HttpClient http;

    private final Queue<Story> ready = new ConcurrentLinkedQueue<>();
    private final Set<Story> awaitingReferral = ConcurrentHashMap.newKeySet();
    private final Set<Story> awaitingCompletion = ConcurrentHashMap.newKeySet();
    private final AtomicInteger routes = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final LongList restMicros = new LongList();
    private volatile long measureFrom;
    private volatile long measureTo;
    private volatile boolean running = true;

    /**
     * @param rate          operations per second offered; 0 or less for a closed loop of {@code concurrency} requests
     * @param watchInterval how often the partners' databases are asked which waiting stories can go on
     */
    LoadPhase(List<Partner> partners, double rate, int concurrency, Duration warmup, Duration measure,
              Duration drain, Duration watchInterval, HttpClient http) {
        this.partners = partners;
        this.rate = rate;
        this.concurrency = concurrency;
        this.warmup = warmup;
        this.measure = measure;
        this.drain = drain;
        this.watchInterval = watchInterval;
        this.http = http;
    }

    private final class Story {
        final Partner from;
        final Partner to;
        String caseId;
        String referralId;
        int step;

        Story(Partner from, Partner to) {
            this.from = from;
            this.to = to;
        }
    }

    Result run(String label) throws Exception {
        Thread watcher = new Thread(this::watch, "load-watcher");
        watcher.setDaemon(true);
        watcher.start();
        long start = System.nanoTime();
        measureFrom = start + warmup.toNanos();
        measureTo = measureFrom + measure.toNanos();
        Instant windowFrom = Instant.now().plus(warmup);
        Instant windowTo = windowFrom.plus(measure);
        if (rate > 0) {
            openLoop();
        } else {
            closedLoop();
        }
        running = false;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        watcher.join(1_000);
        double seconds = measure.toNanos() / 1e9;
        EndToEnd e2e = endToEnd(windowFrom, windowTo);
        return new Result(label, seconds, acknowledged.get(), errors.get(), skipped.get(),
                Percentiles.of(restMicros.toArray()), Percentiles.of(e2e.micros()),
                Percentiles.of(e2e.toLedgerMicros()), Percentiles.of(e2e.fromLedgerMicros()), e2e.notApplied(),
                e2e.micros().length / seconds);
    }

    private void openLoop() throws InterruptedException {
        long interval = (long) (1e9 / rate);
        long next = System.nanoTime();
        while (next < measureTo) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            if (inFlight.get() >= concurrency) {
                if (next >= measureFrom) {
                    skipped.incrementAndGet(); // the client itself is saturated: reported, never hidden
                }
            } else {
                send(nextStory(), null);
            }
            next += interval;
        }
    }

    private void closedLoop() throws InterruptedException {
        Semaphore slots = new Semaphore(concurrency);
        while (System.nanoTime() < measureTo) {
            if (slots.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                send(nextStory(), slots);
            }
        }
    }

    private Story nextStory() {
        Story story = ready.poll();
        if (story != null) {
            return story;
        }
        int route = routes.getAndIncrement();
        Partner from = partners.get(route % partners.size());
        Partner to = partners.get((route + 1 + (route / partners.size()) % (partners.size() - 1)) % partners.size());
        return new Story(from, to);
    }

    private void send(Story story, Semaphore slot) {
        HttpRequest request = request(story);
        long sentAt = System.nanoTime();
        inFlight.incrementAndGet();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
            long micros = (System.nanoTime() - sentAt) / 1_000;
            boolean measured = sentAt >= measureFrom && sentAt < measureTo;
            boolean ok = failure == null && response.statusCode() / 100 == 2;
            if (measured) {
                restMicros.add(micros);
                (ok ? acknowledged : errors).incrementAndGet();
            }
            if (ok) {
                advance(story, response.body());
            }
            inFlight.decrementAndGet();
            if (slot != null) {
                slot.release();
            }
        });
    }

    private HttpRequest request(Story s) {
        String path;
        String body;
        Partner target = s.step >= 3 && s.step <= 5 ? s.to : s.from;
        switch (s.step) {
            case 0 -> {
                path = "/api/cases";
                body = """
                        {"territory": "Castiglione delle Stiviere", "sector": "AGRICULTURE",
                         "intakeChannel": "OUTREACH_TEAM", "preferredLanguage": "pa"}""";
            }
            case 1 -> {
                path = "/api/cases/" + s.caseId + "/consents";
                body = "{\"purposes\": [\"REFERRAL\"], \"allowedRecipients\": [\"" + s.to.id() + "\"]}";
            }
            case 2 -> {
                path = "/api/cases/" + s.caseId + "/referrals";
                body = "{\"toPartnerId\": \"" + s.to.id() + "\", \"serviceType\": \"JOB_ORIENTATION\", "
                        + "\"urgency\": \"PRIORITY\"}";
            }
            case 3 -> {
                path = "/api/referrals/" + s.referralId + "/accept";
                body = "";
            }
            case 4 -> {
                path = "/api/referrals/" + s.referralId + "/placements";
                body = "{\"kind\": \"REGULAR_EMPLOYMENT\", \"contractType\": \"SEASONAL\", "
                        + "\"startDate\": \"2027-03-01\"}";
            }
            case 5 -> {
                path = "/api/referrals/" + s.referralId + "/complete";
                body = "{\"outcome\": \"SUCCESSFUL\"}";
            }
            default -> {
                path = "/api/cases/" + s.caseId + "/close";
                body = "{\"reason\": \"GOALS_MET\"}";
            }
        }
        return HttpRequest.newBuilder(target.api().resolve(path))
                .header("Authorization", "Bearer " + target.operatorKey())
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private void advance(Story s, String body) {
        switch (s.step) {
            case 0 -> s.caseId = find(CASE_ID, body);
            case 2 -> s.referralId = find(REFERRAL_ID, body);
            default -> {
            }
        }
        s.step++;
        if (!running) {
            return;
        }
        if (s.step == 3) {
            awaitingReferral.add(s);
        } else if (s.step == 6) {
            awaitingCompletion.add(s);
        } else if (s.step < 7) {
            ready.add(s);
        }
    }

    private static String find(Pattern pattern, String body) {
        Matcher m = pattern.matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("Unexpected answer: " + body);
        }
        return m.group(1);
    }

    /** Moves stories on when the other partner's database shows what they wait for. */
    private void watch() {
        Map<String, Connection> connections = new HashMap<>();
        try {
            while (running) {
                release(awaitingReferral, s -> s.to, "", connections);
                release(awaitingCompletion, s -> s.from, " and state = 'COMPLETED'", connections);
                Thread.sleep(watchInterval.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException e) {
            System.err.println("Cannot read a partner's database: " + e.getMessage());
        } finally {
            connections.values().forEach(c -> {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // closing
                }
            });
        }
    }

    private void release(Set<Story> waiting, java.util.function.Function<Story, Partner> where, String condition,
                         Map<String, Connection> connections) throws SQLException {
        Map<Partner, List<Story>> byPartner = new HashMap<>();
        for (Story s : waiting) {
            byPartner.computeIfAbsent(where.apply(s), p -> new ArrayList<>()).add(s);
        }
        for (var entry : byPartner.entrySet()) {
            Connection c = connections.computeIfAbsent(entry.getKey().id(), id -> connect(entry.getKey()));
            Map<String, Story> byReferral = new HashMap<>();
            entry.getValue().forEach(s -> byReferral.put(s.referralId, s));
            Array ids = c.createArrayOf("uuid", byReferral.keySet().toArray());
            try (PreparedStatement st = c.prepareStatement(
                    "select referral_id::text from referral where referral_id = any(?)" + condition)) {
                st.setArray(1, ids);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        Story s = byReferral.get(rs.getString(1));
                        waiting.remove(s);
                        ready.add(s);
                    }
                }
            }
        }
    }

    private static Connection connect(Partner partner) {
        try {
            return partner.database().connect();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot connect to the database of " + partner.id(), e);
        }
    }

    private record EndToEnd(long[] micros, long[] toLedgerMicros, long[] fromLedgerMicros, long notApplied) {
    }

    /** An outbox row: when its request committed, and when the sequencer's commit placed it in the ledger. */
    private record Written(Instant committed, Instant placed) {
    }

    /** Every event written in the window, from its commit at the writer to its application at each other partner. */
    private EndToEnd endToEnd(Instant from, Instant to) throws SQLException, InterruptedException {
        LongList micros = new LongList();
        LongList toLedger = new LongList();
        LongList fromLedger = new LongList();
        long notApplied = 0;
        Map<Partner, String> commitTimes = new HashMap<>();
        for (Partner partner : partners) {
            commitTimes.put(partner, commitTime(partner));
        }
        for (Partner writer : partners) {
            Map<String, Written> written = new HashMap<>();
            try (Connection c = writer.database().connect();
                 PreparedStatement st = c.prepareStatement(
                         "select id::text, " + requestCommitTime(commitTimes.get(writer)) + ", "
                                 + commitTimes.get(writer) + " from outbox where created_at >= ? and created_at < ?")) {
                st.setTimestamp(1, Timestamp.from(from));
                st.setTimestamp(2, Timestamp.from(to));
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        Written row = new Written(rs.getTimestamp(2).toInstant(), rs.getTimestamp(3).toInstant());
                        written.put(rs.getString(1), row);
                        toLedger.add(Duration.between(row.committed(), row.placed()).toNanos() / 1_000);
                    }
                }
            }
            for (Partner reader : partners) {
                if (reader == writer) {
                    continue;
                }
                Map<String, Instant> applied = new HashMap<>();
                long deadline = System.nanoTime() + drain.toNanos();
                while (true) {
                    applied.clear();
                    try (Connection c = reader.database().connect();
                         PreparedStatement st = c.prepareStatement("select event_id::text, "
                                 + commitTimes.get(reader).replace("created_at", "processed_at")
                                 + " from processed_event where source_topic = ? and processed_at >= ?")) {
                        st.setString(1, "rete." + writer.id() + ".events");
                        st.setTimestamp(2, Timestamp.from(from));
                        try (ResultSet rs = st.executeQuery()) {
                            while (rs.next()) {
                                applied.put(rs.getString(1), rs.getTimestamp(2).toInstant());
                            }
                        }
                    }
                    if (applied.keySet().containsAll(written.keySet()) || System.nanoTime() > deadline) {
                        break;
                    }
                    Thread.sleep(500);
                }
                Set<String> missing = new HashSet<>(written.keySet());
                for (var event : written.entrySet()) {
                    Instant at = applied.get(event.getKey());
                    if (at != null) {
                        missing.remove(event.getKey());
                        micros.add(Duration.between(event.getValue().committed(), at).toNanos() / 1_000);
                        fromLedger.add(Duration.between(event.getValue().placed(), at).toNanos() / 1_000);
                    }
                }
                notApplied += missing.size();
            }
        }
        return new EndToEnd(micros.toArray(), toLedger.toArray(), fromLedger.toArray(), notApplied);
    }

    /** When the request that wrote an outbox row committed (the sequencer keeps it in {@code committed_at}). */
    private static String requestCommitTime(String rowCommitTime) {
        return "coalesce(committed_at, " + rowCommitTime + ")";
    }

    /**
     * The commit time of each row's transaction where PostgreSQL tracks it ({@code track_commit_timestamp}, on in
     * the partners' embedded servers); else the transaction's start, which also counts waiting for locks.
     */
    private static String commitTime(Partner partner) throws SQLException {
        try (Connection c = partner.database().connect();
             ResultSet rs = c.createStatement().executeQuery("show track_commit_timestamp")) {
            rs.next();
            if ("on".equals(rs.getString(1))) {
                return "pg_xact_commit_timestamp(xmin)";
            }
        }
        System.err.println("track_commit_timestamp is off at " + partner.id()
                + ": times are transaction starts, not commits");
        return "created_at";
    }

    /** A growable array of longs, safe for the HTTP client's threads. */
    static final class LongList {
        private long[] values = new long[1024];
        private int size;

        synchronized void add(long value) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        synchronized long[] toArray() {
            return java.util.Arrays.copyOf(values, size);
        }
    }
}
