package it.rete.partner.directory;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import it.rete.contracts.ServiceDirectoryEntry;
import it.rete.contracts.ServiceStatus;
import it.rete.contracts.ServiceType;
import it.rete.partner.NotFoundException;
import it.rete.partner.Rows;
import it.rete.partner.RuleViolationException;
import it.rete.partner.network.NetworkProperties;
import it.rete.plumbing.deadletter.UnprocessableEventException;
import it.rete.plumbing.ledger.LedgerRecords;
import it.rete.plumbing.ledger.LedgerTopics;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The network's service directory as this partner sees it: every partner's entries, read from their directory
 * topics (its own included) and kept in this partner's database; and this partner's own services, which it alone
 * publishes on its directory topic. An own entry changed by an operator is stored unpublished in the same
 * transaction and published after the commit (retried until the broker has it).
 */
@Component
public class ServiceDirectory {

    private static final Logger log = LoggerFactory.getLogger(ServiceDirectory.class);

    private final JdbcClient jdbc;
    private final KafkaTemplate<Object, Object> kafka;
    private final String partnerId;
    private final Clock clock;
    private final DirectoryProperties configured;
    private final Validator validator;

    ServiceDirectory(JdbcClient jdbc, KafkaTemplate<Object, Object> kafka, NetworkProperties network, Clock clock,
                     DirectoryProperties configured, Validator validator) {
        this.jdbc = jdbc;
        this.kafka = kafka;
        this.partnerId = network.partnerId();
        this.clock = clock;
        this.configured = configured;
        this.validator = validator;
    }

    /** At start: the configured services the directory does not have yet are stored, then everything pending is published. */
    @EventListener(ApplicationReadyEvent.class)
    public void publishConfigured() {
        for (DirectoryProperties.ConfiguredService service : configured.services()) {
            DirectoryRequests.PutService request = service.asRequest();
            var violations = validator.validate(request);
            if (!violations.isEmpty()) {
                throw new IllegalStateException("rete.directory.services: service " + service.slug() + " is invalid: "
                        + violations.stream().map(v -> v.getPropertyPath() + " " + v.getMessage()).toList());
            }
            insertIfAbsent(ownServiceId(service.slug()), request);
        }
        publishPending();
    }

    private void insertIfAbsent(String serviceId, DirectoryRequests.PutService request) {
        if (find(serviceId).isEmpty()) {
            store(toEntry(serviceId, request, null));
        }
    }

    /** Creates or replaces one of this partner's services. */
    @Transactional
    public DirectoryEntry put(String serviceId, DirectoryRequests.PutService request) {
        requireOwn(serviceId);
        DirectoryEntry entry = toEntry(serviceId, request, lock(serviceId).map(DirectoryEntry::updatedAt).orElse(null));
        store(entry);
        publishAfterCommit();
        return entry;
    }

    /** Changes the status or capacity of one of this partner's services; the new entry is re-published. */
    @Transactional
    public DirectoryEntry updateAvailability(String serviceId, DirectoryRequests.UpdateAvailability request) {
        requireOwn(serviceId);
        DirectoryEntry current = lock(serviceId).orElseThrow(() -> new NotFoundException("Service", serviceId));
        Integer maximum = request.capacityMaximum() != null ? request.capacityMaximum() : current.capacityMaximum();
        Integer available = request.capacityAvailable() != null ? request.capacityAvailable()
                : current.capacityAvailable() == null ? null : Math.min(current.capacityAvailable(),
                        maximum == null ? Integer.MAX_VALUE : maximum);
        if (!DirectoryRequests.capacityConsistent(available, maximum)) {
            throw new RuleViolationException("capacity-inconsistent", "capacityAvailable needs capacityMaximum and "
                    + "may not exceed it", "capacityAvailable");
        }
        DirectoryEntry updated = new DirectoryEntry(serviceId, partnerId, current.name(), current.description(),
                current.serviceType(), current.territories(), current.languages(), current.eligibility(),
                current.schedule(), current.operatorContact(),
                request.status() != null ? request.status().name() : current.status(), available, maximum,
                now(current.updatedAt()));
        store(updated);
        publishAfterCommit();
        return updated;
    }

    /**
     * The service a referral is sent to.
     *
     * @throws RuleViolationException if the directory does not know it or it does not take referrals now
     */
    @Transactional(readOnly = true)
    public DirectoryEntry requireReferable(String serviceId) {
        DirectoryEntry entry = find(serviceId).orElseThrow(() -> new RuleViolationException("unknown-service",
                "The service is not in the network directory", "serviceId"));
        if (!entry.takesReferrals()) {
            throw new RuleViolationException("service-not-active", "The service is " + entry.status()
                    + " and takes no referrals now", "serviceId");
        }
        return entry;
    }

    @Transactional(readOnly = true)
    public List<DirectoryEntry> list(ServiceType serviceType, String territory, String language, ServiceStatus status) {
        return jdbc.sql("""
                        select * from directory_service
                        where (cast(:type as text) is null or service_type = :type)
                          and (cast(:status as text) is null or status = :status)
                        order by organisation_id, name, service_id""")
                .param("type", serviceType == null ? null : serviceType.name())
                .param("status", status == null ? null : status.name())
                .query(ServiceDirectory::map).list().stream()
                .filter(entry -> entry.serves(territory, language))
                .toList();
    }

    @Transactional(readOnly = true)
    public Optional<DirectoryEntry> find(String serviceId) {
        return jdbc.sql("select * from directory_service where service_id = :id").param("id", serviceId)
                .query(ServiceDirectory::map).optional();
    }

    // ---- the directory topics ----

    @KafkaListener(id = "directory", idIsGroup = false,
            topicPattern = "#{T(it.rete.plumbing.ledger.LedgerTopics).ALL_DIRECTORIES.pattern()}")
    @Transactional
    public void onEntry(ConsumerRecord<String, Object> record) {
        String owner = LedgerTopics.serviceDirectoryOwnerOf(record.topic());
        if (record.value() == null) {
            // a tombstone: the owner removed the service
            jdbc.sql("delete from directory_service where service_id = :id and organisation_id = :owner")
                    .param("id", record.key()).param("owner", owner).update();
            return;
        }
        if (!(record.value() instanceof ServiceDirectoryEntry entry)) {
            throw new UnprocessableEventException("Record at " + LedgerRecords.position(record)
                    + " is not a ServiceDirectoryEntry");
        }
        if (!entry.getOrganisationId().equals(owner) || !entry.getServiceId().startsWith(owner + ".")
                || !entry.getServiceId().equals(record.key())) {
            throw new UnprocessableEventException("Service " + entry.getServiceId() + " of "
                    + entry.getOrganisationId() + " was published on " + record.topic() + " with key " + record.key());
        }
        DirectoryEntry received = fromContract(entry);
        int changed = upsert(received, true);
        if (changed > 0) {
            log.info("Directory: {} of {} is {} ({} of {} places)", received.serviceId(), owner, received.status(),
                    received.capacityAvailable(), received.capacityMaximum());
        }
    }

    /** Publishes every own entry the broker does not have yet. */
    @Scheduled(fixedDelayString = "PT30S", initialDelayString = "PT30S")
    public void publishPending() {
        List<DirectoryEntry> pending = jdbc.sql("""
                        select * from directory_service where organisation_id = :me and not published
                        order by updated_at""")
                .param("me", partnerId).query(ServiceDirectory::map).list();
        for (DirectoryEntry entry : pending) {
            try {
                kafka.send(LedgerTopics.serviceDirectory(partnerId), entry.serviceId(), toContract(entry))
                        .get(30, TimeUnit.SECONDS);
                jdbc.sql("update directory_service set published = true where service_id = :id and updated_at = :at")
                        .param("id", entry.serviceId()).param("at", Timestamp.from(entry.updatedAt())).update();
                log.info("Published service {} ({}, {} of {} places)", entry.serviceId(), entry.status(),
                        entry.capacityAvailable(), entry.capacityMaximum());
            } catch (Exception e) {
                log.warn("Could not publish service {} yet (retrying): {}", entry.serviceId(), e.toString());
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
        }
    }

    private void publishAfterCommit() {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                publishPending();
            }
        });
    }

    private String ownServiceId(String slug) {
        return partnerId + "." + slug;
    }

    private void requireOwn(String serviceId) {
        if (!serviceId.startsWith(partnerId + ".")
                || !serviceId.substring(partnerId.length() + 1).matches(DirectoryRequests.SERVICE_SLUG_PATTERN)) {
            throw new RuleViolationException("not-own-service", "A partner describes only its own services, whose "
                    + "ids start with '" + partnerId + ".'", "serviceId");
        }
    }

    private DirectoryEntry toEntry(String serviceId, DirectoryRequests.PutService r, Instant previous) {
        return new DirectoryEntry(serviceId, partnerId, r.name(), r.description(), r.serviceType().name(),
                r.territoriesOrEmpty(), r.languagesOrEmpty(), r.eligibility(), r.schedule(), r.operatorContact(),
                r.status().name(), r.capacityAvailable(), r.capacityMaximum(), now(previous));
    }

    /** Milliseconds, as the contract carries them; always after the entry it replaces, so that it wins. */
    private Instant now(Instant previous) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        return previous == null || now.isAfter(previous) ? now : previous.plusMillis(1);
    }

    private void store(DirectoryEntry entry) {
        upsert(entry, false);
    }

    /** @param published true for an entry read from the topic (the broker has it) */
    private int upsert(DirectoryEntry e, boolean published) {
        return jdbc.sql("""
                insert into directory_service (service_id, organisation_id, name, description, service_type,
                    territories, languages, eligibility, schedule, operator_contact, status, capacity_available,
                    capacity_maximum, updated_at, published)
                values (:id, :org, :name, :description, :type, :territories, :languages, :eligibility, :schedule,
                    :contact, :status, :available, :maximum, :updatedAt, :published)
                on conflict (service_id) do update set name = excluded.name, description = excluded.description,
                    service_type = excluded.service_type, territories = excluded.territories,
                    languages = excluded.languages, eligibility = excluded.eligibility, schedule = excluded.schedule,
                    operator_contact = excluded.operator_contact, status = excluded.status,
                    capacity_available = excluded.capacity_available, capacity_maximum = excluded.capacity_maximum,
                    updated_at = excluded.updated_at,
                    published = excluded.published or (directory_service.published
                        and directory_service.updated_at = excluded.updated_at)
                where directory_service.organisation_id = excluded.organisation_id
                  and (directory_service.updated_at < excluded.updated_at
                       or (directory_service.updated_at = excluded.updated_at and excluded.published))""")
                .param("id", e.serviceId()).param("org", e.organisationId()).param("name", e.name())
                .param("description", e.description()).param("type", e.serviceType())
                .param("territories", e.territories().toArray(String[]::new))
                .param("languages", e.languages().toArray(String[]::new))
                .param("eligibility", e.eligibility()).param("schedule", e.schedule())
                .param("contact", e.operatorContact()).param("status", e.status())
                .param("available", e.capacityAvailable()).param("maximum", e.capacityMaximum())
                .param("updatedAt", Timestamp.from(e.updatedAt())).param("published", published)
                .update();
    }

    private Optional<DirectoryEntry> lock(String serviceId) {
        return jdbc.sql("select * from directory_service where service_id = :id for update").param("id", serviceId)
                .query(ServiceDirectory::map).optional();
    }

    private static DirectoryEntry fromContract(ServiceDirectoryEntry e) {
        return new DirectoryEntry(e.getServiceId(), e.getOrganisationId(), e.getName(), e.getDescription(),
                e.getServiceType().name(), List.copyOf(e.getTerritories()), List.copyOf(e.getLanguages()),
                e.getEligibility(), e.getSchedule(), e.getOperatorContact(), e.getStatus().name(),
                e.getCapacityAvailable(), e.getCapacityMaximum(), e.getUpdatedAt());
    }

    private static ServiceDirectoryEntry toContract(DirectoryEntry e) {
        return ServiceDirectoryEntry.newBuilder()
                .setServiceId(e.serviceId()).setOrganisationId(e.organisationId()).setName(e.name())
                .setDescription(e.description()).setServiceType(ServiceType.valueOf(e.serviceType()))
                .setTerritories(e.territories()).setLanguages(e.languages()).setEligibility(e.eligibility())
                .setSchedule(e.schedule()).setOperatorContact(e.operatorContact())
                .setStatus(ServiceStatus.valueOf(e.status())).setCapacityAvailable(e.capacityAvailable())
                .setCapacityMaximum(e.capacityMaximum()).setUpdatedAt(e.updatedAt())
                .build();
    }

    private static DirectoryEntry map(ResultSet rs, int row) throws SQLException {
        return new DirectoryEntry(rs.getString("service_id"), rs.getString("organisation_id"), rs.getString("name"),
                rs.getString("description"), rs.getString("service_type"), Rows.strings(rs.getArray("territories")),
                Rows.strings(rs.getArray("languages")), rs.getString("eligibility"), rs.getString("schedule"),
                rs.getString("operator_contact"), rs.getString("status"),
                (Integer) rs.getObject("capacity_available"), (Integer) rs.getObject("capacity_maximum"),
                Rows.instant(rs, "updated_at"));
    }
}
