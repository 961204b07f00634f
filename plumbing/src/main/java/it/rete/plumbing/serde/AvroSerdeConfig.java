package it.rete.plumbing.serde;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * Settings of {@link AvroSerializer}, {@link AvroDeserializer} and {@link SchemaRegistryClient}, read from ordinary
 * Kafka client properties. The serde keys are named as Confluent's so existing configurations carry over.
 * {@code latestCacheTtl} is null when the latest version is cached forever.
 */
public record AvroSerdeConfig(
        List<URI> registryUrls,
        boolean autoRegisterSchemas,
        boolean useLatestVersion,
        SubjectNameStrategy keySubjectNameStrategy,
        SubjectNameStrategy valueSubjectNameStrategy,
        boolean specificAvroReader,
        boolean normalizeSchemas,
        Duration latestCacheTtl,
        Duration connectTimeout,
        Duration requestTimeout,
        int retries,
        Duration retryBackoff) {

    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    public static final String USE_LATEST_VERSION = "use.latest.version";
    public static final String KEY_SUBJECT_NAME_STRATEGY = "key.subject.name.strategy";
    public static final String VALUE_SUBJECT_NAME_STRATEGY = "value.subject.name.strategy";
    public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";
    public static final String NORMALIZE_SCHEMAS = "normalize.schemas";
    /** Seconds a latest version is cached for {@code use.latest.version}; 0 = no cache, negative = forever. */
    public static final String LATEST_CACHE_TTL_SEC = "latest.cache.ttl.sec";
    public static final String CONNECT_TIMEOUT_MS = "schema.registry.connect.timeout.ms";
    public static final String REQUEST_TIMEOUT_MS = "schema.registry.request.timeout.ms";
    /** Retries of a call that failed transiently (unreachable, 5xx); backoff doubles from the base, up to 4 s. */
    public static final String RETRIES = "schema.registry.retries";
    public static final String RETRY_BACKOFF_MS = "schema.registry.retry.backoff.ms";

    // Confluent settings we do not implement: failing beats silently ignoring them (e.g. credentials never sent).
    private static final Set<String> UNSUPPORTED = Set.of(
            "basic.auth.credentials.source", "basic.auth.user.info", "bearer.auth.credentials.source",
            "bearer.auth.token", "use.schema.id", "avro.use.logical.type.converters", "avro.reflection.allow.null");

    private static final Map<String, Class<? extends SubjectNameStrategy>> STRATEGY_ALIASES = Map.of(
            "io.confluent.kafka.serializers.subject.TopicNameStrategy", TopicNameStrategy.class,
            "io.confluent.kafka.serializers.subject.RecordNameStrategy", RecordNameStrategy.class,
            "io.confluent.kafka.serializers.subject.TopicRecordNameStrategy", TopicRecordNameStrategy.class,
            "TopicNameStrategy", TopicNameStrategy.class,
            "RecordNameStrategy", RecordNameStrategy.class,
            "TopicRecordNameStrategy", TopicRecordNameStrategy.class);

    private static final ConfigDef DEF = new ConfigDef()
            .define(SCHEMA_REGISTRY_URL, Type.STRING, Importance.HIGH,
                    "Base URL of a Confluent-compatible registry; comma-separated URLs are tried in turn on failure")
            .define(AUTO_REGISTER_SCHEMAS, Type.BOOLEAN, true, Importance.MEDIUM,
                    "Register the record's schema when serializing")
            .define(USE_LATEST_VERSION, Type.BOOLEAN, false, Importance.MEDIUM,
                    "With auto.register.schemas=false, serialize with the subject's latest schema")
            .define(KEY_SUBJECT_NAME_STRATEGY, Type.STRING, TopicNameStrategy.class.getName(), Importance.MEDIUM,
                    "Subject name strategy for keys")
            .define(VALUE_SUBJECT_NAME_STRATEGY, Type.STRING, TopicNameStrategy.class.getName(), Importance.MEDIUM,
                    "Subject name strategy for values")
            .define(SPECIFIC_AVRO_READER, Type.BOOLEAN, false, Importance.MEDIUM,
                    "Deserialize into generated SpecificRecord classes instead of GenericRecord")
            .define(NORMALIZE_SCHEMAS, Type.BOOLEAN, false, Importance.LOW,
                    "Ask the registry to normalize schemas on register and lookup")
            .define(LATEST_CACHE_TTL_SEC, Type.LONG, 30L, Importance.LOW,
                    "How long the latest version of a subject is cached")
            .define(CONNECT_TIMEOUT_MS, Type.LONG, 5_000L, ConfigDef.Range.atLeast(1), Importance.LOW,
                    "Registry connect timeout")
            .define(REQUEST_TIMEOUT_MS, Type.LONG, 10_000L, ConfigDef.Range.atLeast(1), Importance.LOW,
                    "Registry request timeout")
            .define(RETRIES, Type.INT, 5, ConfigDef.Range.atLeast(0), Importance.LOW,
                    "Retries of a transiently failed registry call")
            .define(RETRY_BACKOFF_MS, Type.LONG, 250L, ConfigDef.Range.atLeast(0), Importance.LOW,
                    "Base backoff between retries, doubled each attempt");

    /**
     * Reads the settings from {@code props}. Other clients' keys (bootstrap.servers, ...) are ignored, but unknown
     * {@code schema.registry.*} keys and unsupported Confluent keys are rejected.
     *
     * @throws ConfigException if a setting is missing, invalid or unsupported
     */
    public static AvroSerdeConfig parse(Map<String, ?> props) {
        Map<String, Object> copy = new HashMap<>(props);
        for (String key : copy.keySet()) {
            if (UNSUPPORTED.contains(key) || (key.startsWith("schema.registry.") && !DEF.names().contains(key))) {
                throw new ConfigException(key, copy.get(key), "not supported by it.rete.plumbing.serde (supported: "
                        + DEF.names().stream().sorted().toList() + ")");
            }
        }
        // Spring or plain code may pass the strategy as a Class rather than its name.
        for (String key : List.of(KEY_SUBJECT_NAME_STRATEGY, VALUE_SUBJECT_NAME_STRATEGY)) {
            if (copy.get(key) instanceof Class<?> c) {
                copy.put(key, c.getName());
            }
        }
        Map<String, Object> v = DEF.parse(copy);
        long ttl = (Long) v.get(LATEST_CACHE_TTL_SEC);
        return new AvroSerdeConfig(
                urls((String) v.get(SCHEMA_REGISTRY_URL)),
                (Boolean) v.get(AUTO_REGISTER_SCHEMAS),
                (Boolean) v.get(USE_LATEST_VERSION),
                strategy(KEY_SUBJECT_NAME_STRATEGY, (String) v.get(KEY_SUBJECT_NAME_STRATEGY)),
                strategy(VALUE_SUBJECT_NAME_STRATEGY, (String) v.get(VALUE_SUBJECT_NAME_STRATEGY)),
                (Boolean) v.get(SPECIFIC_AVRO_READER),
                (Boolean) v.get(NORMALIZE_SCHEMAS),
                ttl < 0 ? null : Duration.ofSeconds(ttl),
                Duration.ofMillis((Long) v.get(CONNECT_TIMEOUT_MS)),
                Duration.ofMillis((Long) v.get(REQUEST_TIMEOUT_MS)),
                (Integer) v.get(RETRIES),
                Duration.ofMillis((Long) v.get(RETRY_BACKOFF_MS)));
    }

    public SubjectNameStrategy subjectNameStrategy(boolean isKey) {
        return isKey ? keySubjectNameStrategy : valueSubjectNameStrategy;
    }

    private static List<URI> urls(String value) {
        List<URI> urls = Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(s -> url(value, s)).toList();
        if (urls.isEmpty()) {
            throw new ConfigException(SCHEMA_REGISTRY_URL, value, "no URL given");
        }
        return urls;
    }

    private static URI url(String value, String s) {
        try {
            URI uri = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new ConfigException(SCHEMA_REGISTRY_URL, value, "'" + s + "' is not an http(s) URL");
    }

    private static SubjectNameStrategy strategy(String key, String name) {
        Class<?> type = STRATEGY_ALIASES.get(name.trim());
        if (type == null) {
            try {
                type = Class.forName(name.trim(), true, classLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                throw new ConfigException(key, name, "class not found (use one of "
                        + STRATEGY_ALIASES.keySet().stream().sorted().toList() + " or a " + SubjectNameStrategy.class.getName()
                        + ")");
            }
        }
        if (!SubjectNameStrategy.class.isAssignableFrom(type)) {
            throw new ConfigException(key, name, "does not implement " + SubjectNameStrategy.class.getName());
        }
        try {
            return (SubjectNameStrategy) type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new ConfigException(key, name, "cannot be instantiated with a public no-arg constructor: " + e);
        }
    }

    static ClassLoader classLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : AvroSerdeConfig.class.getClassLoader();
    }
}
