package it.rete.partner.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;

/**
 * A steady stream of referral stories over the REST API, across pairs of partners, at an offered rate. Every
 * operation is recorded as acknowledged (a 2xx answer) or failed (an error answer, or no answer: it may or may not
 * have been committed). A story stops at its first failed operation; the worker waits a moment and starts another.
 *
 * <p>A story: the sender opens a case, records consent and refers it; once the addressee sees the referral it
 * accepts it, records a placement and completes it; once the sender sees it completed it closes the case.
 */
public final class StoryStream implements AutoCloseable {

    /** One operation on one partner, and the event it writes to that partner's ledger. */
    public record Operation(String partnerId, String eventType, String caseId, String referralId) {
    }

    /** A sender and an addressee. */
    public record Route(String from, String to) {
    }

    private static final String CONTRACTS = "it.rete.contracts.";
    private static final Duration PROPAGATION_LIMIT = Duration.ofMinutes(3);

    private final NetworkUnderTest network;
    private final List<Route> routes;
    private final int target;
    private final long intervalNanos;
    private final ConcurrentLinkedQueue<Operation> acknowledged = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Operation> failed = new ConcurrentLinkedQueue<>();
    private final AtomicInteger acknowledgedCount = new AtomicInteger();
    private final AtomicInteger storiesStarted = new AtomicInteger();
    private final List<Thread> workers = new ArrayList<>();
    private final Object pace = new Object();
    private long nextSlot = System.nanoTime();
    private final AtomicLong stalled = new AtomicLong();
    private volatile boolean stopped;

    /**
     * @param target       how many acknowledged operations to reach
     * @param opsPerSecond the offered rate, over all workers
     */
    public StoryStream(NetworkUnderTest network, List<Route> routes, int target, double opsPerSecond, int workers) {
        this.network = network;
        this.routes = List.copyOf(routes);
        this.target = target;
        this.intervalNanos = (long) (1e9 / opsPerSecond);
        for (int i = 0; i < workers; i++) {
            Thread worker = new Thread(this::work, "story-stream-" + i);
            worker.setDaemon(true);
            this.workers.add(worker);
        }
    }

    public StoryStream start() {
        workers.forEach(Thread::start);
        return this;
    }

    public int acknowledgedCount() {
        return acknowledgedCount.get();
    }

    public List<Operation> acknowledged() {
        return List.copyOf(acknowledged);
    }

    public List<Operation> failed() {
        return List.copyOf(failed);
    }

    /** Stories given up while waiting for an event to cross the network (no operation failed). */
    public long stalled() {
        return stalled.get();
    }

    /** Blocks until {@code count} operations are acknowledged (or the stream ended). */
    public void awaitAcknowledged(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (acknowledgedCount.get() < count && workers.stream().anyMatch(Thread::isAlive)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Only " + acknowledgedCount.get() + " of " + count
                        + " operations acknowledged within " + timeout);
            }
            Thread.sleep(50);
        }
    }

    /** Waits for the workers to reach the target and finish. */
    public void awaitEnd(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread worker : workers) {
            worker.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            if (worker.isAlive()) {
                throw new IllegalStateException("The story stream did not end within " + timeout + " ("
                        + acknowledgedCount.get() + " of " + target + " operations acknowledged)");
            }
        }
    }

    @Override
    public void close() {
        stopped = true;
        workers.forEach(Thread::interrupt);
    }

    private boolean done() {
        return stopped || acknowledgedCount.get() >= target;
    }

    private void work() {
        try {
            while (!done()) {
                Route route = routes.get(storiesStarted.getAndIncrement() % routes.size());
                if (!story(network.partner(route.from()), network.partner(route.to()))) {
                    Thread.sleep(500); // the partner may be down: do not spin
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return false when the story stopped early */
    private boolean story(PartnerNode from, PartnerNode to) throws InterruptedException {
        JsonNode opened = operation(from, "CaseOpened", null, null, () -> from.post("/api/cases", """
                {"territory": "Castiglione delle Stiviere", "sector": "AGRICULTURE",
                 "intakeChannel": "OUTREACH_TEAM", "preferredLanguage": "pa"}"""));
        if (opened == null) {
            return false;
        }
        String caseId = opened.get("caseId").asString();
        if (operation(from, "ConsentRecorded", caseId, null, () -> from.post("/api/cases/" + caseId + "/consents",
                """
                {"purposes": ["REFERRAL", "SERVICE_PROVISION"], "allowedRecipients": ["%s"]}""".formatted(to.id())))
                == null) {
            return false;
        }
        JsonNode sent = operation(from, "ReferralSent", caseId, null, () -> from.post(
                "/api/cases/" + caseId + "/referrals", """
                {"toPartnerId": "%s", "serviceType": "JOB_ORIENTATION", "urgency": "PRIORITY"}""".formatted(to.id())));
        if (sent == null) {
            return false;
        }
        String referralId = sent.get("referralId").asString();
        if (!awaitVisible(to, "/api/referrals/" + referralId, r -> true)) {
            return false;
        }
        if (operation(to, "ReferralAccepted", caseId, referralId,
                () -> to.post("/api/referrals/" + referralId + "/accept", "")) == null
                || operation(to, "PlacementMade", caseId, referralId,
                        () -> to.post("/api/referrals/" + referralId + "/placements", """
                                {"kind": "REGULAR_EMPLOYMENT", "contractType": "SEASONAL",
                                 "startDate": "2027-03-01"}""")) == null
                || operation(to, "ReferralCompleted", caseId, referralId,
                        () -> to.post("/api/referrals/" + referralId + "/complete", """
                                {"outcome": "SUCCESSFUL"}""")) == null) {
            return false;
        }
        if (!awaitVisible(from, "/api/referrals/" + referralId, r -> "COMPLETED".equals(r.get("state").asString()))) {
            return false;
        }
        return operation(from, "CaseClosed", caseId, null, () -> from.post("/api/cases/" + caseId + "/close", """
                {"reason": "GOALS_MET"}""")) != null;
    }

    private interface Call {
        PartnerNode.Response send();
    }

    /** Paces, sends, records; the answer's JSON when acknowledged, null otherwise. */
    private JsonNode operation(PartnerNode partner, String event, String caseId, String referralId, Call call)
            throws InterruptedException {
        if (done()) {
            return null;
        }
        awaitSlot();
        PartnerNode.Response response;
        try {
            response = call.send();
        } catch (RuntimeException noAnswer) {
            failed.add(new Operation(partner.id(), CONTRACTS + event, caseId, referralId));
            return null;
        }
        if (response.status() / 100 != 2) {
            failed.add(new Operation(partner.id(), CONTRACTS + event, caseId, referralId));
            return null;
        }
        JsonNode json = response.json();
        String id = caseId != null ? caseId : json.get("caseId").asString();
        acknowledged.add(new Operation(partner.id(), CONTRACTS + event, id, referralId));
        acknowledgedCount.incrementAndGet();
        return json;
    }

    private void awaitSlot() throws InterruptedException {
        long slot;
        synchronized (pace) {
            slot = Math.max(System.nanoTime(), nextSlot);
            nextSlot = slot + intervalNanos;
        }
        long wait = slot - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }

    /** Polls until the partner shows the resource in the wanted state; partners may be down for a while. */
    private boolean awaitVisible(PartnerNode partner, String path, Predicate<JsonNode> condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + PROPAGATION_LIMIT.toNanos();
        while (!stopped && System.nanoTime() < deadline) {
            try {
                PartnerNode.Response response = partner.get(path);
                if (response.status() == 200 && condition.test(response.json())) {
                    return true;
                }
            } catch (RuntimeException down) {
                // the partner is restarting
            }
            Thread.sleep(50);
        }
        stalled.incrementAndGet();
        return false;
    }
}
