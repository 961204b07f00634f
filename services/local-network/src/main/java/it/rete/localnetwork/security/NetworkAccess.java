package it.rete.localnetwork.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Who may do what on the broker, applied by the network administrator: the topics of every member and the ACLs
 * that bind them. Nothing is granted by pattern: a member sees exactly the topics listed here, and only the
 * administrator creates or deletes topics.
 *
 * <ul>
 *   <li>a partner writes its own ledger, its own dead-letter topic, its own key-directory topic and its own
 *   service-directory topic; it reads the ledgers and key directories of the other partners and every service
 *   directory (its own included: it rebuilds its view of the directory from the topics); it consumes in the group
 *   named after itself;</li>
 *   <li>a monitor (the cabina di regia) reads every ledger and every service directory, consumes in its own group (which it may delete to rebuild
 *   from history) and writes only its own dead-letter topic;</li>
 *   <li>an auditor reads every ledger and writes nothing (it reads without a consumer group).</li>
 * </ul>
 *
 * <p>Topic names follow the plumbing's {@code LedgerTopics} (a test in the partner service checks they agree).
 */
public final class NetworkAccess {

    /** The kinds of member a network has. */
    public enum Role { PARTNER, MONITOR, AUDITOR }

    /** A member of the network and its role; {@code name} is also its principal ({@code User:<name>}). */
    public record Member(String name, Role role) {
    }

    public static final String CABINA_DI_REGIA = "cabina-di-regia";
    public static final String AUDITOR = "audit";

    private final List<Member> members;

    private NetworkAccess(List<Member> members) {
        this.members = List.copyOf(members);
    }

    /** The usual network: the given partners, the cabina di regia and the auditors. */
    public static NetworkAccess of(Collection<String> partners) {
        List<Member> members = new ArrayList<>();
        partners.forEach(p -> members.add(new Member(p, Role.PARTNER)));
        members.add(new Member(CABINA_DI_REGIA, Role.MONITOR));
        members.add(new Member(AUDITOR, Role.AUDITOR));
        return new NetworkAccess(members);
    }

    public static NetworkAccess of(List<Member> members) {
        return new NetworkAccess(members);
    }

    public List<Member> members() {
        return members;
    }

    public static String ledger(String partner) {
        return "rete." + partner + ".events";
    }

    public static String deadLetter(String consumer) {
        return "rete." + consumer + ".dead-letter";
    }

    /** A partner's public keys, for senders to encrypt what only that partner may read. */
    public static String keyDirectory(String partner) {
        return "rete." + partner + ".keys";
    }

    /** The services a partner offers; one topic per partner, so that only the partner can write its entries. */
    public static String serviceDirectory(String partner) {
        return "rete." + partner + ".directory";
    }

    /** Every topic of the network with its configuration, as the services would declare them. */
    public List<NewTopic> topics(short replicationFactor, int ledgerPartitions) {
        List<NewTopic> topics = new ArrayList<>();
        String minIsr = String.valueOf(Math.min(2, replicationFactor));
        for (Member member : members) {
            switch (member.role()) {
                case PARTNER -> {
                    topics.add(new NewTopic(ledger(member.name()), ledgerPartitions, replicationFactor).configs(Map.of(
                            TopicConfig.RETENTION_MS_CONFIG, "-1",
                            TopicConfig.RETENTION_BYTES_CONFIG, "-1",
                            TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                            TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, minIsr)));
                    topics.add(deadLetterTopic(member.name(), replicationFactor));
                    topics.add(new NewTopic(keyDirectory(member.name()), 1, replicationFactor).configs(Map.of(
                            TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                            TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, minIsr)));
                    topics.add(new NewTopic(serviceDirectory(member.name()), 1, replicationFactor).configs(Map.of(
                            TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                            TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, minIsr)));
                }
                case MONITOR -> topics.add(deadLetterTopic(member.name(), replicationFactor));
                case AUDITOR -> {
                }
            }
        }
        return topics;
    }

    /** The ACLs of every member. */
    public List<AclBinding> acls() {
        List<String> partners = members.stream().filter(m -> m.role() == Role.PARTNER).map(Member::name).toList();
        List<AclBinding> acls = new ArrayList<>();
        for (Member member : members) {
            String principal = "User:" + member.name();
            switch (member.role()) {
                case PARTNER -> {
                    for (String own : List.of(ledger(member.name()), deadLetter(member.name()),
                            keyDirectory(member.name()), serviceDirectory(member.name()))) {
                        acls.add(allow(principal, ResourceType.TOPIC, own, AclOperation.WRITE));
                        acls.add(allow(principal, ResourceType.TOPIC, own, AclOperation.DESCRIBE));
                    }
                    readEveryServiceDirectory(acls, principal, partners);
                    for (String other : partners) {
                        if (!other.equals(member.name())) {
                            for (String topic : List.of(ledger(other), keyDirectory(other))) {
                                acls.add(allow(principal, ResourceType.TOPIC, topic, AclOperation.READ));
                                acls.add(allow(principal, ResourceType.TOPIC, topic, AclOperation.DESCRIBE));
                            }
                        }
                    }
                    acls.add(allow(principal, ResourceType.GROUP, member.name(), AclOperation.READ));
                }
                case MONITOR -> {
                    readEveryLedger(acls, principal, partners);
                    readEveryServiceDirectory(acls, principal, partners);
                    acls.add(allow(principal, ResourceType.TOPIC, deadLetter(member.name()), AclOperation.WRITE));
                    acls.add(allow(principal, ResourceType.TOPIC, deadLetter(member.name()), AclOperation.DESCRIBE));
                    acls.add(allow(principal, ResourceType.GROUP, member.name(), AclOperation.READ));
                    // a rebuild from history starts its own group afresh
                    acls.add(allow(principal, ResourceType.GROUP, member.name(), AclOperation.DELETE));
                }
                case AUDITOR -> readEveryLedger(acls, principal, partners);
            }
        }
        return acls;
    }

    /**
     * Creates the missing topics and grants the ACLs (both idempotent), with an administrator's client. Run again
     * with the new member list when a partner joins: the others are granted its ledger and it theirs.
     */
    public void apply(Admin admin, short replicationFactor, int ledgerPartitions) {
        List<NewTopic> wanted = topics(replicationFactor, ledgerPartitions);
        try {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = wanted.stream().filter(t -> !existing.contains(t.name()))
                    .collect(Collectors.toList());
            if (!missing.isEmpty()) {
                for (var result : admin.createTopics(missing).values().values()) {
                    try {
                        result.get(30, TimeUnit.SECONDS);
                    } catch (ExecutionException e) {
                        if (!(e.getCause() instanceof TopicExistsException)) {
                            throw e;
                        }
                    }
                }
            }
            List<AclBinding> acls = acls();
            admin.createAcls(acls).all().get(30, TimeUnit.SECONDS);
            awaitEffective(admin, acls);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot set up the network's topics and ACLs: " + e.getCause(), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("The broker did not answer while setting up topics and ACLs", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while setting up topics and ACLs", e);
        }
    }

    /** The controller has the ACLs once createAcls returns; the broker's authorizer applies them a moment later. */
    private static void awaitEffective(Admin admin, List<AclBinding> acls)
            throws ExecutionException, TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            Collection<AclBinding> effective = admin.describeAcls(AclBindingFilter.ANY).values()
                    .get(30, TimeUnit.SECONDS);
            if (effective.containsAll(acls)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("The broker did not apply the ACLs within 30 s");
            }
            Thread.sleep(50);
        }
    }

    private static void readEveryLedger(List<AclBinding> acls, String principal, List<String> partners) {
        for (String partner : partners) {
            acls.add(allow(principal, ResourceType.TOPIC, ledger(partner), AclOperation.READ));
            acls.add(allow(principal, ResourceType.TOPIC, ledger(partner), AclOperation.DESCRIBE));
        }
    }

    private static void readEveryServiceDirectory(List<AclBinding> acls, String principal, List<String> partners) {
        for (String partner : partners) {
            acls.add(allow(principal, ResourceType.TOPIC, serviceDirectory(partner), AclOperation.READ));
            acls.add(allow(principal, ResourceType.TOPIC, serviceDirectory(partner), AclOperation.DESCRIBE));
        }
    }

    private static NewTopic deadLetterTopic(String consumer, short replicationFactor) {
        return new NewTopic(deadLetter(consumer), 1, replicationFactor).configs(Map.of(
                TopicConfig.RETENTION_MS_CONFIG, "-1",
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE));
    }

    private static AclBinding allow(String principal, ResourceType type, String name, AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, PatternType.LITERAL),
                new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
    }
}
