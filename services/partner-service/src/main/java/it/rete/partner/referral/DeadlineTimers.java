package it.rete.partner.referral;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import it.rete.contracts.Envelope;
import it.rete.contracts.ReferralDueSoon;
import it.rete.contracts.ReferralExpired;
import it.rete.contracts.ReferralOverdue;
import it.rete.partner.network.NetworkProperties;
import it.rete.partner.outbox.LedgerEvents;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The deadlines of the referrals addressed to this partner: a reminder before the due-by date (ReferralDueSoon),
 * ReferralOverdue at it and ReferralExpired after the grace period. Timers are rows of this partner's database,
 * so they survive restarts; each fires in one transaction with the event it writes to the outbox and is locked
 * while it fires (skipped by any concurrent pass), so each fires exactly once. A timer whose referral was answered
 * in the meantime fires without an event.
 */
@Component
public class DeadlineTimers {

    private static final Logger log = LoggerFactory.getLogger(DeadlineTimers.class);

    /** The kinds of timer, in the order they fire. */
    public enum Kind { DUE_SOON, OVERDUE, EXPIRY }

    private final JdbcClient jdbc;
    private final ReferralRepository referrals;
    private final LedgerEvents ledger;
    private final NetworkProperties network;
    private final Clock clock;
    private final TransactionTemplate transactions;

    DeadlineTimers(JdbcClient jdbc, ReferralRepository referrals, LedgerEvents ledger, NetworkProperties network,
                   Clock clock, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.referrals = referrals;
        this.ledger = ledger;
        this.network = network;
        this.clock = clock;
        this.transactions = transactions;
    }

    /** When each timer of a referral sent at {@code sentAt} and due by {@code dueBy} fires. */
    static Instant fireAt(Kind kind, Instant sentAt, Instant dueBy, NetworkProperties.Referral settings) {
        return switch (kind) {
            case DUE_SOON -> {
                // remindBefore ahead of the due-by date, but never in the first half of the time to answer
                Instant halfway = sentAt.plus(Duration.between(sentAt, dueBy).dividedBy(2));
                Instant remind = dueBy.minus(settings.remindBefore());
                yield remind.isAfter(halfway) ? remind : halfway;
            }
            case OVERDUE -> dueBy;
            case EXPIRY -> dueBy.plus(settings.expireAfter());
        };
    }

    /** Sets the timers of a referral just received, in the caller's transaction (idempotent). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void schedule(Referral referral) {
        for (Kind kind : Kind.values()) {
            jdbc.sql("""
                    insert into referral_timer (referral_id, kind, fire_at) values (:id, :kind, :at)
                    on conflict do nothing""")
                    .param("id", referral.referralId()).param("kind", kind.name())
                    .param("at", Timestamp.from(fireAt(kind, referral.sentAt(), referral.dueBy(), network.referral())))
                    .update();
        }
    }

    /**
     * At the first firing pass after start: timers for the unanswered referrals addressed to this partner that have
     * none (received before this partner kept timers), so they escalate as well.
     */
    public void scheduleMissing() {
        List<UUID> missing = jdbc.sql("""
                        select r.referral_id from referral r
                        where r.to_partner_id = :me and r.state = 'REQUESTED'
                          and not exists (select 1 from referral_timer t where t.referral_id = r.referral_id)""")
                .param("me", network.partnerId()).query(UUID.class).list();
        for (UUID referralId : missing) {
            transactions.executeWithoutResult(status -> referrals.find(referralId).ifPresent(this::schedule));
        }
        if (!missing.isEmpty()) {
            log.info("Deadline timers set for {} referral(s) received earlier", missing.size());
        }
    }

    private volatile boolean missingScheduled;

    /** Fires every timer due now; run by the scheduler, and safe to run concurrently with itself. */
    @Scheduled(fixedDelayString = "${rete.referral.timer-interval:PT1M}", initialDelayString = "PT5S")
    public void fireDueTimers() {
        // in the scheduled pass rather than at start, so that a database that is busy or away when the service
        // starts delays this to the next pass instead of stopping the service
        if (!missingScheduled) {
            scheduleMissing();
            missingScheduled = true;
        }
        int fired = 0;
        while (Boolean.TRUE.equals(transactions.execute(status -> fireNext()))) {
            fired++;
        }
        if (fired > 0) {
            log.info("{} deadline timer(s) fired", fired);
        }
    }

    /** Fires the next timer due, if any is not being fired by another pass; false when none is left. */
    private boolean fireNext() {
        Instant now = clock.instant();
        Optional<Timer> due = jdbc.sql("""
                        select referral_id, kind from referral_timer
                        where fired_at is null and fire_at <= :now
                        order by fire_at, kind limit 1
                        for update skip locked""")
                .param("now", Timestamp.from(now))
                .query((rs, row) -> new Timer(rs.getObject("referral_id", UUID.class),
                        Kind.valueOf(rs.getString("kind"))))
                .optional();
        if (due.isEmpty()) {
            return false;
        }
        Timer timer = due.get();
        Referral referral = referrals.lock(timer.referralId()).orElseThrow();
        UUID eventId = null;
        if (referral.state() == ReferralState.REQUESTED && !(timer.kind() == Kind.DUE_SOON
                && !now.isBefore(referral.dueBy()))) {
            eventId = fire(timer.kind(), referral);
        }
        jdbc.sql("""
                update referral_timer set fired_at = :now, fired_event_id = :event
                where referral_id = :id and kind = :kind and fired_at is null""")
                .param("now", Timestamp.from(now)).param("event", eventId)
                .param("id", timer.referralId()).param("kind", timer.kind().name())
                .update();
        return true;
    }

    /** Writes the timer's event and the referral's change; returns the event id. */
    private UUID fire(Kind kind, Referral referral) {
        ReferralTransition transition = switch (kind) {
            case DUE_SOON -> ReferralTransition.REMIND;
            case OVERDUE -> ReferralTransition.REPORT_OVERDUE;
            case EXPIRY -> ReferralTransition.EXPIRE;
        };
        var written = ledger.record(referral.caseId(), referral.lastEventId(),
                envelope -> event(kind, envelope, referral));
        ReferralState next = ReferralLifecycle.next(referral, transition, network.partnerId(),
                written.occurredAt());
        Referral updated = referral.movedTo(next, written.eventId(), written.occurredAt());
        if (kind == Kind.OVERDUE) {
            updated = updated.overdueSince(written.occurredAt());
        }
        if (transition.reminds()) {
            updated = updated.remindedBy(written.eventId());
        }
        referrals.update(updated);
        log.info("Referral {} from {}: {}", referral.referralId(), referral.senderPartnerId(), kind);
        return written.eventId();
    }

    private static SpecificRecord event(Kind kind, Envelope envelope, Referral r) {
        return switch (kind) {
            case DUE_SOON -> ReferralDueSoon.newBuilder().setEnvelope(envelope).setReferralId(r.referralId())
                    .setSenderPartnerId(r.senderPartnerId()).setDueBy(r.dueBy()).build();
            case OVERDUE -> ReferralOverdue.newBuilder().setEnvelope(envelope).setReferralId(r.referralId())
                    .setSenderPartnerId(r.senderPartnerId()).setDueBy(r.dueBy()).build();
            case EXPIRY -> ReferralExpired.newBuilder().setEnvelope(envelope).setReferralId(r.referralId())
                    .setSenderPartnerId(r.senderPartnerId()).setDueBy(r.dueBy()).build();
        };
    }

    /** The timers of a referral and the events they wrote, for operators and tests. */
    @Transactional(readOnly = true)
    public List<FiredTimer> of(UUID referralId) {
        return jdbc.sql("""
                        select kind, fire_at, fired_at, fired_event_id from referral_timer
                        where referral_id = :id order by fire_at, kind""")
                .param("id", referralId)
                .query((rs, row) -> new FiredTimer(Kind.valueOf(rs.getString("kind")),
                        rs.getTimestamp("fire_at").toInstant(),
                        rs.getTimestamp("fired_at") == null ? null : rs.getTimestamp("fired_at").toInstant(),
                        rs.getObject("fired_event_id", UUID.class)))
                .list();
    }

    private record Timer(UUID referralId, Kind kind) {
    }

    /** A timer: when it fires, when it fired and the event it wrote (null: none, the referral was answered). */
    public record FiredTimer(Kind kind, Instant fireAt, Instant firedAt, UUID eventId) {
    }
}
