package it.rete.cabina.directory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import it.rete.contracts.ServiceDirectoryEntry;
import it.rete.plumbing.ledger.LedgerTopics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The cabina di regia's own view of the network's service directory: every partner's directory topic read from the
 * beginning (compacted: the latest entry of each service is the service now) and kept in memory, rebuilt from the
 * topics at each start. It reads without a consumer group, so it commits nothing and never meets the ledger
 * consumption's group (which a rebuild deletes). Topics of partners that join later are picked up by a periodic
 * look at the topic list.
 */
@Component
public class NetworkDirectory implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(NetworkDirectory.class);
    private static final Duration TOPIC_REFRESH = Duration.ofSeconds(5);

    /** A service of the directory, as the control room shows it. */
    public record Service(String serviceId, String organisationId, String name, String serviceType,
                          List<String> territories, List<String> languages, String status,
                          Integer capacityAvailable, Integer capacityMaximum, Instant updatedAt) {
    }

    private final KafkaProperties kafkaProperties;
    private final Map<String, Service> services = new ConcurrentHashMap<>();
    private volatile KafkaConsumer<String, Object> consumer;
    private volatile Thread reader;
    private volatile boolean running;

    NetworkDirectory(KafkaProperties kafkaProperties) {
        this.kafkaProperties = kafkaProperties;
    }

    /** Every service, by partner and name. */
    public List<Service> services() {
        return services.values().stream()
                .sorted(Comparator.comparing(Service::organisationId).thenComparing(Service::name)
                        .thenComparing(Service::serviceId))
                .toList();
    }

    @Override
    public void start() {
        Map<String, Object> config = kafkaProperties.buildConsumerProperties();
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer = new KafkaConsumer<>(config);
        running = true;
        reader = new Thread(this::read, "cabina-directory");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        Set<TopicPartition> assigned = Set.of();
        long nextRefresh = 0;
        try {
            while (running) {
                if (System.nanoTime() >= nextRefresh) {
                    Set<TopicPartition> partitions = consumer.listTopics(Duration.ofSeconds(10)).entrySet().stream()
                            .filter(topic -> LedgerTopics.ALL_DIRECTORIES.matcher(topic.getKey()).matches())
                            .flatMap(topic -> topic.getValue().stream()
                                    .map(p -> new TopicPartition(p.topic(), p.partition())))
                            .collect(Collectors.toSet());
                    if (!partitions.equals(assigned)) {
                        List<TopicPartition> added = new ArrayList<>(partitions);
                        added.removeAll(assigned);
                        consumer.assign(partitions);
                        consumer.seekToBeginning(added);
                        assigned = partitions;
                        log.info("Following {} service directories", partitions.size());
                    }
                    nextRefresh = System.nanoTime() + TOPIC_REFRESH.toNanos();
                }
                if (assigned.isEmpty()) {
                    Thread.sleep(200);
                    continue;
                }
                for (ConsumerRecord<String, Object> record : consumer.poll(Duration.ofMillis(500))) {
                    apply(record);
                }
            }
        } catch (WakeupException | InterruptedException e) {
            // stopping
        } catch (RuntimeException e) {
            log.error("Reading the service directories stopped", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Only the owner's entries on its own topic count; anything else is left out (and logged). */
    void apply(ConsumerRecord<String, Object> record) {
        String owner = LedgerTopics.serviceDirectoryOwnerOf(record.topic());
        if (record.value() == null) {
            services.computeIfPresent(record.key(), (id, s) -> s.organisationId().equals(owner) ? null : s);
            return;
        }
        if (!(record.value() instanceof ServiceDirectoryEntry e) || !e.getOrganisationId().equals(owner)
                || !e.getServiceId().equals(record.key()) || !e.getServiceId().startsWith(owner + ".")) {
            log.warn("Ignoring record at {}-{}@{}: not a directory entry of {}", record.topic(), record.partition(),
                    record.offset(), owner);
            return;
        }
        Service service = new Service(e.getServiceId(), e.getOrganisationId(), e.getName(),
                e.getServiceType().name(), List.copyOf(e.getTerritories()), List.copyOf(e.getLanguages()),
                e.getStatus().name(), e.getCapacityAvailable(), e.getCapacityMaximum(), e.getUpdatedAt());
        services.merge(service.serviceId(), service,
                (old, updated) -> updated.updatedAt().isBefore(old.updatedAt()) ? old : updated);
    }

    @Override
    public void stop() {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
        if (reader != null) {
            try {
                reader.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
