package it.rete.plumbing.ledger;

import java.util.Map;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Names and configuration of the network's topics: one ledger, one key directory and one service directory per
 * partner, one dead-letter topic per consumer.
 */
public final class LedgerTopics {

    /** Every partner ledger; the group captures the partner id. */
    public static final Pattern ALL_LEDGERS = Pattern.compile("rete\\.([a-z0-9][a-z0-9-]*)\\.events");

    /**
     * Every partner's service directory; the group captures the partner id. One topic per partner rather than one
     * shared topic: Kafka grants writes per topic, not per key, so only this way can the broker itself keep a partner
     * from overwriting another partner's services.
     */
    public static final Pattern ALL_DIRECTORIES = Pattern.compile("rete\\.([a-z0-9][a-z0-9-]*)\\.directory");

    private LedgerTopics() {
    }

    public static String ledger(String partnerId) {
        return "rete." + partnerId + ".events";
    }

    public static String deadLetter(String consumerId) {
        return "rete." + consumerId + ".dead-letter";
    }

    /** A partner's public keys for sealed dossiers; only the partner writes it. */
    public static String keyDirectory(String partnerId) {
        return "rete." + partnerId + ".keys";
    }

    /** The services a partner offers (Open Referral HSDS-shaped entries, keyed by service id); only the partner writes it. */
    public static String serviceDirectory(String partnerId) {
        return "rete." + partnerId + ".directory";
    }

    /** The partner that owns the service-directory {@code topic}, or null when it is not one. */
    public static String serviceDirectoryOwnerOf(String topic) {
        var matcher = ALL_DIRECTORIES.matcher(topic);
        return matcher.matches() ? matcher.group(1) : null;
    }

    /** The key directories of every partner but {@code partnerId} (a partner may not read its own). */
    public static Pattern keyDirectoriesExcept(String partnerId) {
        return Pattern.compile("rete\\.(?!" + Pattern.quote(partnerId) + "\\.keys$)[a-z0-9][a-z0-9-]*\\.keys");
    }

    /** The ledgers of every partner but {@code partnerId}: a partner applies its own events when it writes them. */
    public static Pattern ledgersExcept(String partnerId) {
        return Pattern.compile("rete\\.(?!" + Pattern.quote(partnerId) + "\\.events$)([a-z0-9][a-z0-9-]*)\\.events");
    }

    /** The partner that owns {@code topic}, or null when it is not a ledger. */
    public static String ownerOf(String topic) {
        var matcher = ALL_LEDGERS.matcher(topic);
        return matcher.matches() ? matcher.group(1) : null;
    }

    /** A ledger keeps everything forever: auditors replay history from the start. */
    public static NewTopic ledgerTopic(String partnerId, int partitions, short replicationFactor) {
        return new NewTopic(ledger(partnerId), partitions, replicationFactor).configs(Map.of(
                TopicConfig.RETENTION_MS_CONFIG, "-1",
                TopicConfig.RETENTION_BYTES_CONFIG, "-1",
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, String.valueOf(Math.min(2, replicationFactor))));
    }

    /** Compacted: the latest key of the partner is the one to use. */
    public static NewTopic keyDirectoryTopic(String partnerId, short replicationFactor) {
        return new NewTopic(keyDirectory(partnerId), 1, replicationFactor).configs(Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
    }

    /** Compacted: the latest entry of each service is the service as it is now. */
    public static NewTopic serviceDirectoryTopic(String partnerId, short replicationFactor) {
        return new NewTopic(serviceDirectory(partnerId), 1, replicationFactor).configs(Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
    }

    /** Dead letters are kept until someone has looked at them. */
    public static NewTopic deadLetterTopic(String consumerId, short replicationFactor) {
        return new NewTopic(deadLetter(consumerId), 1, replicationFactor).configs(Map.of(
                TopicConfig.RETENTION_MS_CONFIG, "-1",
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE));
    }
}
