package it.rete.cabina.rebuild;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import it.rete.cabina.live.IndicatorChanges;
import it.rete.plumbing.ledger.LedgerTopics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Where reading the ledgers starts. On an empty store the consumer group's committed positions are dropped, so
 * every ledger is read from its beginning (the store may have been wiped while the broker kept the positions). A
 * rebuild stops consumption, drops the positions, empties the projection and the processed-event log in one
 * transaction, and starts again: the indicators are rebuilt from the whole history. If the service stops halfway,
 * the next start replays from the beginning again (positions first, store second), so the result is the same.
 */
@Component
public class LedgerConsumption {

    private static final Logger log = LoggerFactory.getLogger(LedgerConsumption.class);
    public static final String LISTENER_ID = "cabina-ledgers";
    private static final Duration GROUP_RESET_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaListenerEndpointRegistry listeners;
    private final KafkaProperties kafkaProperties;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final IndicatorChanges changes;
    private final Clock clock;
    private volatile Instant rebuildStartedAt;
    private volatile boolean rebuilding;

    LedgerConsumption(KafkaListenerEndpointRegistry listeners, KafkaProperties kafkaProperties, JdbcTemplate jdbc,
                      TransactionTemplate transaction, IndicatorChanges changes, Clock clock) {
        this.listeners = listeners;
        this.kafkaProperties = kafkaProperties;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.changes = changes;
        this.clock = clock;
    }

    /** Where consumption stands: events projected, records still to read, and the last rebuild. */
    public record Status(boolean consuming, boolean rebuilding, long eventsProjected, Long recordsBehind,
                         Instant lastRebuildStartedAt) {
    }

    @EventListener(ApplicationReadyEvent.class)
    public synchronized void start() {
        if (storeIsEmpty()) {
            log.info("Empty store: reading every ledger from its beginning");
            dropCommittedPositions();
            rebuildStartedAt = clock.instant();
        }
        container().start();
    }

    /** Clears the projection and reads every ledger again from its beginning. */
    public synchronized Status rebuild() {
        rebuilding = true;
        try {
            log.info("Rebuild requested: stopping consumption");
            container().stop();
            dropCommittedPositions();
            transaction.executeWithoutResult(status -> jdbc.execute(
                    "truncate table case_fact, referral_fact, placement_fact, processed_event"));
            rebuildStartedAt = clock.instant();
            changes.signal();
            container().start();
            log.info("Rebuild started: every ledger is read again from its beginning");
        } finally {
            rebuilding = false;
        }
        return status();
    }

    public Status status() {
        Long eventsProjected = jdbc.queryForObject("select count(*) from processed_event", Long.class);
        return new Status(container().isRunning(), rebuilding, eventsProjected == null ? 0 : eventsProjected,
                recordsBehind(), rebuildStartedAt);
    }

    private boolean storeIsEmpty() {
        return Boolean.TRUE.equals(jdbc.queryForObject("select not exists (select 1 from processed_event)",
                Boolean.class));
    }

    private MessageListenerContainer container() {
        MessageListenerContainer container = listeners.getListenerContainer(LISTENER_ID);
        if (container == null) {
            throw new IllegalStateException("No listener container " + LISTENER_ID);
        }
        return container;
    }

    private String groupId() {
        return kafkaProperties.getConsumer().getGroupId();
    }

    private Admin admin() {
        return Admin.create(kafkaProperties.buildAdminProperties());
    }

    private boolean hasCommittedPositions(Admin admin) throws InterruptedException, TimeoutException {
        try {
            return !admin.listConsumerGroupOffsets(groupId()).partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS).isEmpty();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return false;
            }
            throw new IllegalStateException("Cannot read the positions of consumer group " + groupId(), e.getCause());
        }
    }

    /** Deletes the consumer group (its committed positions); a consumer that has just left may need a moment. */
    private void dropCommittedPositions() {
        long deadline = System.nanoTime() + GROUP_RESET_TIMEOUT.toNanos();
        try (Admin admin = admin()) {
            if (!hasCommittedPositions(admin)) {
                return; // a new network: the broker would log an error deleting a group it lacks
            }
            while (true) {
                try {
                    admin.deleteConsumerGroups(List.of(groupId())).all().get(30, TimeUnit.SECONDS);
                    log.info("Committed positions of consumer group {} dropped", groupId());
                    return;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof GroupIdNotFoundException) {
                        return; // nothing committed yet
                    }
                    if (!(e.getCause() instanceof GroupNotEmptyException) || System.nanoTime() > deadline) {
                        throw new IllegalStateException("Cannot reset consumer group " + groupId(), e.getCause());
                    }
                }
                Thread.sleep(500);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while resetting consumer group " + groupId(), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Broker did not answer while resetting consumer group " + groupId(), e);
        }
    }

    /** Ledger records not yet read by this service (null when the broker cannot be asked). */
    private Long recordsBehind() {
        try (Admin admin = admin()) {
            List<String> ledgers = admin.listTopics().names().get(10, TimeUnit.SECONDS).stream()
                    .filter(topic -> LedgerTopics.ALL_LEDGERS.matcher(topic).matches()).toList();
            if (ledgers.isEmpty()) {
                return 0L;
            }
            Map<String, TopicDescription> descriptions = admin.describeTopics(ledgers).allTopicNames()
                    .get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            descriptions.values().forEach(d -> d.partitions().forEach(p ->
                    latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
            Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(latest).all()
                    .get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId())
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            long behind = 0;
            for (var end : ends.entrySet()) {
                OffsetAndMetadata position = committed.get(end.getKey());
                behind += end.getValue().offset() - (position == null ? 0 : position.offset());
            }
            return behind;
        } catch (ExecutionException | TimeoutException e) {
            log.debug("Cannot compute the records behind: {}", e.toString());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
