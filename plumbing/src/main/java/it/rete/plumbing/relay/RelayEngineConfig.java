package it.rete.plumbing.relay;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Pattern;

import it.rete.plumbing.postgres.PostgresConnectionInfo;

/**
 * The Debezium configuration of the relay: PostgreSQL connector over pgoutput on {@code public.outbox} only,
 * no snapshot, EventRouter to the ledger topic with the CloudEvents columns placed in headers, durable file offsets.
 */
public final class RelayEngineConfig {

    /** PostgreSQL identifiers: at most 63 bytes; slot names only lowercase letters, digits and underscores. */
    private static final int MAX_IDENTIFIER = 63;
    private static final Pattern SLOT_NAME = Pattern.compile("[a-z0-9_]{1,63}");

    static final String OUTBOX_TABLE = "public.outbox";

    /** Outbox columns copied into record headers by the EventRouter (then renamed/normalized by {@link CloudEventHeaders}). */
    static final String ADDITIONAL_PLACEMENT = String.join(",",
            "id:header:" + CloudEventHeaders.CE_ID,
            "type:header:" + CloudEventHeaders.CE_TYPE,
            "ce_source:header:" + CloudEventHeaders.CE_SOURCE,
            "ce_time:header:" + CloudEventHeaders.CE_TIME,
            "ce_subject:header:" + CloudEventHeaders.CE_SUBJECT);

    private RelayEngineConfig() {
    }

    /** {@code rete.lule-outreach.events} -> {@code outbox_rete_lule_outreach_events}. */
    public static String defaultSlotName(String topic) {
        String sanitized = topic.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        String name = "outbox_" + sanitized;
        return name.length() <= MAX_IDENTIFIER ? name : name.substring(0, MAX_IDENTIFIER);
    }

    public static String validSlotName(String slotName) {
        if (slotName == null || !SLOT_NAME.matcher(slotName).matches()) {
            throw new IllegalArgumentException("Invalid replication slot name '" + slotName
                    + "': use 1-63 lowercase letters, digits and underscores");
        }
        return slotName;
    }

    public static String defaultPublicationName(String slotName) {
        String name = slotName + "_pub";
        return name.length() <= MAX_IDENTIFIER ? name : name.substring(0, MAX_IDENTIFIER);
    }

    public static Properties build(PostgresConnectionInfo pg, String topic, String slotName, String publicationName,
            Path offsetsFile, Duration pollInterval, Duration offsetFlushInterval) {
        Properties p = new Properties();
        p.setProperty("name", "rete-outbox-relay-" + slotName);
        p.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        p.setProperty("tasks.max", "1");

        p.setProperty("offset.storage", "org.apache.kafka.connect.storage.FileOffsetBackingStore");
        p.setProperty("offset.storage.file.filename", offsetsFile.toAbsolutePath().toString());
        p.setProperty("offset.flush.interval.ms", String.valueOf(offsetFlushInterval.toMillis()));
        p.setProperty("offset.flush.timeout.ms", "10000");

        p.setProperty("database.hostname", pg.host());
        p.setProperty("database.port", String.valueOf(pg.port()));
        p.setProperty("database.user", pg.user());
        p.setProperty("database.password", pg.password());
        p.setProperty("database.dbname", pg.database());
        // unique per ledger: Debezium names its JMX metrics after it, and two relays may share a JVM
        p.setProperty("topic.prefix", "rete-outbox-" + slotName);

        p.setProperty("plugin.name", "pgoutput");
        p.setProperty("slot.name", slotName);
        p.setProperty("publication.name", publicationName);
        p.setProperty("publication.autocreate.mode", "filtered");
        p.setProperty("table.include.list", OUTBOX_TABLE);
        p.setProperty("snapshot.mode", "no_data");
        p.setProperty("poll.interval.ms", String.valueOf(Math.max(1, pollInterval.toMillis())));
        p.setProperty("binary.handling.mode", "bytes");

        p.setProperty("transforms", "outbox");
        p.setProperty("transforms.outbox.type", "io.debezium.transforms.outbox.EventRouter");
        p.setProperty("transforms.outbox.table.field.event.id", "id");
        p.setProperty("transforms.outbox.table.field.event.key", "aggregateid");
        p.setProperty("transforms.outbox.table.field.event.payload", "payload");
        p.setProperty("transforms.outbox.table.expand.json.payload", "false");
        p.setProperty("transforms.outbox.route.by.field", "aggregatetype");
        // no ${routedByValue}: every event of this outbox goes to the one ledger topic
        p.setProperty("transforms.outbox.route.topic.replacement", topic);
        p.setProperty("transforms.outbox.table.fields.additional.placement", ADDITIONAL_PLACEMENT);
        return p;
    }
}
