package it.rete.plumbing.outbox;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import javax.sql.DataSource;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Places committed events in the partner's ledger: takes the rows of {@code outbox_pending} in id order, in batches,
 * and in one transaction per batch locks the ledger head, gives each event its sequence and previous hash (written
 * into the serialized value, see {@link PositionSlots}), hashes it ({@link HashChain}), inserts the outbox rows,
 * deletes the pending ones, moves the head and tells the {@link SequencedEventsListener}s. One commit (one fsync) per
 * batch, however many requests wrote the events.
 *
 * <p>Why id order is enough: an event caused by another (an acceptance after a referral, in later requests) is
 * written by a transaction that began after the first one committed, so its pending row has a larger id and is
 * sequenced later (or in the same batch, after it). Transactions running at the same time are unrelated and may be
 * sequenced in either order. A row whose transaction has not committed yet is invisible here and is taken by a
 * later batch.
 *
 * <p>One sequencer works at a time per database: each batch takes a transaction-scoped advisory lock
 * ({@link #ADVISORY_LOCK}) and does nothing if another instance holds it. The thread wakes when a request that
 * appended events commits ({@link #signal}), and polls every {@code rete.outbox.sequencer.poll-interval} for rows
 * written by anything else (and, at start, rows left by a crash).
 */
public class OutboxSequencer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxSequencer.class);

    /** The advisory lock key of the sequencer ("rete-seq" as a number), taken per batch transaction. */
    public static final long ADVISORY_LOCK = 0x726574652d736571L;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final List<SequencedEventsListener> listeners;
    private final int batchSize;
    private final Duration pollInterval;
    private final Timer lag;

    private volatile boolean running;
    private volatile boolean wakeUp;
    private volatile Thread thread;
    private volatile Boolean commitTimestamps;
    private boolean autoStartup = true;

    public OutboxSequencer(DataSource dataSource, PlatformTransactionManager transactionManager,
            List<SequencedEventsListener> listeners, int batchSize, Duration pollInterval, MeterRegistry meters) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("rete.outbox.sequencer.batch-size must be at least 1");
        }
        this.jdbc = new JdbcTemplate(dataSource);
        this.transactions = new TransactionTemplate(transactionManager);
        this.listeners = List.copyOf(listeners);
        this.batchSize = batchSize;
        this.pollInterval = pollInterval;
        if (meters != null) {
            Gauge.builder("rete.outbox.pending", this, OutboxSequencer::pendingOrNaN)
                    .description("Committed events not yet placed in the ledger").baseUnit("events")
                    .register(meters);
            lag = Timer.builder("rete.outbox.sequencing.lag")
                    .description("From the commit of the request that wrote an event to the commit of its sequence")
                    .publishPercentiles(0.5, 0.99).register(meters);
        }
        else {
            lag = null;
        }
    }

    /** A request that appended events committed: sequence them now. */
    public void signal() {
        wakeUp = true;
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** Committed events not yet sequenced. */
    public long pending() {
        Long count = jdbc.queryForObject("SELECT count(*) FROM outbox_pending", Long.class);
        return count == null ? 0 : count;
    }

    private double pendingOrNaN() {
        try {
            return pending();
        }
        catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    /**
     * Sequences up to one batch of committed pending events.
     *
     * @return how many were sequenced; 0 also when another sequencer holds the advisory lock
     */
    public int sequenceBatch() {
        List<Placed> placed = transactions.execute(status -> {
            if (!Boolean.TRUE.equals(jdbc.queryForObject("SELECT pg_try_advisory_xact_lock(?)", Boolean.class,
                    ADVISORY_LOCK))) {
                return List.<Placed>of();
            }
            List<Pending> batch = jdbc.query("SELECT id, event_id, aggregatetype, aggregateid, type, payload, "
                    + "sequence_offset, hash_offset, ce_source, ce_time, ce_subject, topic, created_at, "
                    + commitTimeColumn() + " FROM outbox_pending ORDER BY id LIMIT ?",
                    (rs, n) -> new Pending(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getBytes(6),
                            new PositionSlots(rs.getInt(7), rs.getInt(8)), rs.getString(9), rs.getTimestamp(10),
                            rs.getString(11), rs.getString(12), rs.getTimestamp(13), rs.getTimestamp(14)),
                    batchSize);
            if (batch.isEmpty()) {
                return List.<Placed>of();
            }
            Map<String, LedgerPosition> heads = new HashMap<>();
            List<Placed> result = new ArrayList<>(batch.size());
            List<Object[]> rows = new ArrayList<>(batch.size());
            for (Pending p : batch) {
                LedgerPosition position = heads.computeIfAbsent(p.topic(), this::lockHead);
                byte[] value = p.slots().place(p.payload(), position);
                String hash = HashChain.eventHash(value);
                heads.put(p.topic(), position.next(hash));
                result.add(new Placed(new SequencedEvent(p.eventId(), p.topic(), position.sequence(), hash),
                        p.committedAt() != null ? p.committedAt() : p.createdAt()));
                rows.add(new Object[] { p.eventId(), p.aggregateType(), p.aggregateId(), p.type(), value,
                        p.source(), p.time(), p.subject(), p.topic(), position.sequence(), hash,
                        position.previousEventHash(), p.createdAt(), p.committedAt() });
            }
            jdbc.batchUpdate("""
                    INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload, ce_source, ce_time,
                                        ce_subject, topic, sequence, event_hash, previous_hash, created_at,
                                        committed_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, rows);
            jdbc.update("DELETE FROM outbox_pending WHERE id = ANY (?)", (Object) batch.stream()
                    .map(Pending::id).toArray(Long[]::new));
            heads.forEach((topic, next) -> jdbc.update(
                    "UPDATE ledger_head SET last_sequence = ?, last_hash = ? WHERE topic = ?",
                    next.sequence() - 1, next.previousEventHash(), topic));
            List<SequencedEvent> events = result.stream().map(Placed::event).toList();
            listeners.forEach(listener -> listener.sequenced(events));
            return result;
        });
        if (placed == null || placed.isEmpty()) {
            return 0;
        }
        if (lag != null) {
            Instant now = Instant.now();
            for (Placed p : placed) {
                lag.record(Math.max(0, Duration.between(p.committedAt().toInstant(), now).toNanos()),
                        TimeUnit.NANOSECONDS);
            }
        }
        return placed.size();
    }

    /** The next position of the ledger, with its head row locked until the transaction ends. */
    private LedgerPosition lockHead(String topic) {
        jdbc.update("INSERT INTO ledger_head (topic, last_sequence, last_hash) VALUES (?, 0, ?) "
                + "ON CONFLICT (topic) DO NOTHING", topic, LedgerPosition.GENESIS_HASH);
        return jdbc.queryForObject("SELECT last_sequence, last_hash FROM ledger_head WHERE topic = ? FOR UPDATE",
                (rs, row) -> HashChain.nextPosition(rs.getLong(1), rs.getString(2)), topic);
    }

    /** The request's commit time where PostgreSQL tracks it, else null. */
    private String commitTimeColumn() {
        if (commitTimestamps == null) {
            commitTimestamps = "on".equals(jdbc.queryForObject("SHOW track_commit_timestamp", String.class));
        }
        return commitTimestamps ? "pg_xact_commit_timestamp(xmin)" : "NULL::timestamptz";
    }

    private record Pending(long id, UUID eventId, String aggregateType, String aggregateId, String type,
                           byte[] payload, PositionSlots slots, String source, Timestamp time, String subject,
                           String topic, Timestamp createdAt, Timestamp committedAt) {
    }

    private record Placed(SequencedEvent event, Timestamp committedAt) {
    }

    private void run() {
        long pollNanos = pollInterval.toNanos();
        while (running) {
            try {
                int sequenced;
                do {
                    sequenced = sequenceBatch();
                } while (sequenced == batchSize && running);
            }
            catch (RuntimeException e) {
                if (running) {
                    log.warn("Sequencing the outbox failed, retrying in {} ms: {}", pollInterval.toMillis(),
                            e.toString());
                }
            }
            if (!wakeUp) {
                LockSupport.parkNanos(this, pollNanos);
            }
            wakeUp = false;
        }
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        Thread t = new Thread(this::run, "outbox-sequencer");
        t.setDaemon(true);
        thread = t;
        t.start();
        log.info("Outbox sequencer started (batches of up to {}, polling every {} ms)", batchSize,
                pollInterval.toMillis());
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        Thread t = thread;
        thread = null;
        if (t != null) {
            LockSupport.unpark(t);
            try {
                t.join(Duration.ofSeconds(10).toMillis());
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public boolean isAutoStartup() {
        return autoStartup;
    }

    /** False leaves the thread stopped at start ({@code rete.outbox.sequencer.enabled=false}). */
    public void setAutoStartup(boolean autoStartup) {
        this.autoStartup = autoStartup;
    }

    /** Starts before and stops after the web server and the listeners, which write events. */
    @Override
    public int getPhase() {
        return 0;
    }
}
