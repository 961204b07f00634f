package it.rete.plumbing.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small client of the Confluent Schema Registry REST API (also served by Apicurio's ccompat API and Karapace).
 * Thread-safe. Ids and schemas never change once assigned, so they are cached forever; the latest version of a
 * subject is cached for {@link AvroSerdeConfig#latestCacheTtl()}. Transient failures are retried with backoff,
 * moving to the next configured URL on each retry.
 */
public class SchemaRegistryClient {

    private static final Logger log = LoggerFactory.getLogger(SchemaRegistryClient.class);
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String ACCEPT =
            "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(4);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AvroSerdeConfig config;
    private final HttpClient http;
    private final Map<String, Map<Schema, Integer>> idsBySubject = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<String, Latest> latestBySubject = new ConcurrentHashMap<>();

    private record Latest(RegisteredSchema schema, long fetchedAtNanos) {}

    /** One registry call per subject and schema at a time: concurrent first writers wait for its answer. */
    private final Map<SubjectSchema, Object> lookups = new ConcurrentHashMap<>();

    private record SubjectSchema(String subject, Schema schema) {}

    public SchemaRegistryClient(AvroSerdeConfig config) {
        this.config = config;
        // HTTP/1.1: some registries mishandle the h2c upgrade the JDK client attempts on plain http.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout()).build();
    }

    /** A client with default settings for the given base URL(s). */
    public SchemaRegistryClient(String baseUrls) {
        this(AvroSerdeConfig.parse(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, baseUrls)));
    }

    /** Registers {@code schema} under {@code subject} (a no-op if already there) and returns its id. */
    public int register(String subject, Schema schema) {
        Integer cached = cachedId(subject, schema);
        if (cached != null) {
            return cached;
        }
        synchronized (lookups.computeIfAbsent(new SubjectSchema(subject, schema), k -> new Object())) {
            cached = cachedId(subject, schema);
            if (cached != null) {
                return cached;
            }
            JsonNode reply = call("POST", "/subjects/" + encode(subject) + "/versions" + normalizeParam(),
                    schemaBody(schema));
            return cacheId(subject, schema, requiredInt(reply, "id"));
        }
    }

    /** The id of {@code schema} under {@code subject}; 404 (40401 / 40403) if it is not registered there. */
    public int getId(String subject, Schema schema) {
        Integer cached = cachedId(subject, schema);
        if (cached != null) {
            return cached;
        }
        synchronized (lookups.computeIfAbsent(new SubjectSchema(subject, schema), k -> new Object())) {
            cached = cachedId(subject, schema);
            if (cached != null) {
                return cached;
            }
            JsonNode reply = call("POST", "/subjects/" + encode(subject) + normalizeParam(), schemaBody(schema));
            return cacheId(subject, schema, requiredInt(reply, "id"));
        }
    }

    /** The schema with the given global id. */
    public Schema getById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        Schema schema = parseSchema(call("GET", "/schemas/ids/" + id, null), "id " + id);
        Schema raced = schemasById.putIfAbsent(id, schema);
        return raced != null ? raced : schema;
    }

    /** The latest version of {@code subject}; 404 (40401) if the subject does not exist. */
    public RegisteredSchema getLatest(String subject) {
        Duration ttl = config.latestCacheTtl();
        Latest cached = latestBySubject.get(subject);
        if (cached != null && (ttl == null || System.nanoTime() - cached.fetchedAtNanos() < ttl.toNanos())) {
            return cached.schema();
        }
        JsonNode reply = call("GET", "/subjects/" + encode(subject) + "/versions/latest", null);
        RegisteredSchema latest = new RegisteredSchema(subject, requiredInt(reply, "id"), requiredInt(reply, "version"),
                parseSchema(reply, "subject " + subject));
        schemasById.putIfAbsent(latest.id(), latest.schema());
        if (ttl == null || !ttl.isZero()) {
            latestBySubject.put(subject, new Latest(latest, System.nanoTime()));
        }
        return latest;
    }

    /** Sets the compatibility level (BACKWARD, FULL_TRANSITIVE, NONE, ...) of a subject, or the global one if null. */
    public void setCompatibility(String subjectOrNullForGlobal, String level) {
        ObjectNode body = JSON.createObjectNode().put("compatibility", level);
        call("PUT", configPath(subjectOrNullForGlobal), body);
    }

    /** The compatibility level in force for {@code subject} (the global one if it has none), or global if null. */
    public String getCompatibility(String subject) {
        JsonNode reply;
        try {
            reply = call("GET", configPath(subject) + (subject == null ? "" : "?defaultToGlobal=true"), null);
        } catch (SchemaRegistryException e) {
            if (subject == null || e.status() != 404) {
                throw e;
            }
            reply = call("GET", configPath(null), null); // registries that ignore defaultToGlobal
        }
        // Confluent answers compatibilityLevel on GET; some registries echo the PUT field name.
        JsonNode level = reply.has("compatibilityLevel") ? reply.get("compatibilityLevel") : reply.get("compatibility");
        if (level == null || !level.isTextual()) {
            throw new SchemaRegistryException("Schema registry sent no compatibility level: " + reply, 200, -1, null);
        }
        return level.asText();
    }

    /**
     * Whether {@code schema} could be registered as the next version of {@code subject} under its compatibility
     * level. A subject with no versions yet accepts anything.
     */
    public boolean testCompatibility(String subject, Schema schema) {
        try {
            JsonNode reply = call("POST", "/compatibility/subjects/" + encode(subject) + "/versions/latest",
                    schemaBody(schema));
            return reply.path("is_compatible").asBoolean(false);
        } catch (SchemaRegistryException e) {
            if (e.status() == 404 && (e.errorCode() == 40401 || e.errorCode() == 40402)) {
                return true;
            }
            throw e;
        }
    }

    private Integer cachedId(String subject, Schema schema) {
        Map<Schema, Integer> ids = idsBySubject.get(subject);
        return ids == null ? null : ids.get(schema);
    }

    private int cacheId(String subject, Schema schema, int id) {
        idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>()).put(schema, id);
        return id;
    }

    private String normalizeParam() {
        return config.normalizeSchemas() ? "?normalize=true" : "";
    }

    private static String configPath(String subject) {
        return subject == null ? "/config" : "/config/" + encode(subject);
    }

    private static ObjectNode schemaBody(Schema schema) {
        return JSON.createObjectNode().put("schema", schema.toString()); // schemaType omitted: AVRO is the default
    }

    private static Schema parseSchema(JsonNode reply, String what) {
        String type = reply.path("schemaType").asText("AVRO");
        if (!"AVRO".equalsIgnoreCase(type)) {
            throw new SchemaRegistryException("Schema " + what + " is " + type + ", not AVRO", 200, -1, null);
        }
        if (reply.path("references").size() > 0) {
            throw new SchemaRegistryException("Schema " + what + " uses schema references, which are not supported",
                    200, -1, null);
        }
        JsonNode text = reply.get("schema");
        if (text == null || !text.isTextual()) {
            throw new SchemaRegistryException("Schema registry reply for " + what + " has no schema: " + reply, 200, -1,
                    null);
        }
        try {
            return new Schema.Parser().parse(text.asText());
        } catch (SchemaParseException e) {
            throw new SchemaRegistryException("Schema " + what + " from the registry is not valid Avro: " + e.getMessage(),
                    200, -1, e);
        }
    }

    private static int requiredInt(JsonNode reply, String field) {
        JsonNode value = reply.get(field);
        if (value == null || !value.canConvertToInt()) {
            throw new SchemaRegistryException("Schema registry reply has no '" + field + "': " + reply, 200, -1, null);
        }
        return value.asInt();
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** One REST call with retries of transient failures; returns the parsed JSON reply. */
    private JsonNode call(String method, String pathAndQuery, JsonNode body) {
        List<URI> urls = config.registryUrls();
        for (int attempt = 0; ; attempt++) {
            URI url = URI.create(urls.get(attempt % urls.size()) + pathAndQuery);
            SchemaRegistryException failure;
            try {
                HttpResponse<String> response = http.send(request(method, url, body), BodyHandlers.ofString());
                if (response.statusCode() / 100 == 2) {
                    return json(method, url, response.body());
                }
                failure = httpError(method, url, response);
            } catch (IOException e) {
                failure = new SchemaRegistryException(method + " " + url + " failed: " + e, SchemaRegistryException.NO_RESPONSE,
                        -1, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryException(method + " " + url + " interrupted", SchemaRegistryException.NO_RESPONSE,
                        -1, e);
            }
            if (!failure.isTransient() || attempt >= config.retries()) {
                throw failure;
            }
            Duration backoff = backoff(attempt);
            log.warn("Schema registry call failed (attempt {} of {}), retrying in {} ms: {}", attempt + 1,
                    config.retries() + 1, backoff.toMillis(), failure.getMessage());
            sleep(backoff, failure);
        }
    }

    private static JsonNode json(String method, URI url, String body) {
        try {
            return body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            // a 2xx that is not JSON: most likely the URL points at something else than the registry API
            throw new SchemaRegistryException(method + " " + url + " answered with something other than JSON: " + e,
                    200, -1, e);
        }
    }

    private HttpRequest request(String method, URI url, JsonNode body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(url).timeout(config.requestTimeout()).header("Accept", ACCEPT);
        if (body == null) {
            return builder.method(method, BodyPublishers.noBody()).build();
        }
        return builder.header("Content-Type", CONTENT_TYPE)
                .method(method, BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)).build();
    }

    private static SchemaRegistryException httpError(String method, URI url, HttpResponse<String> response) {
        int errorCode = -1;
        String message = response.body();
        try {
            JsonNode json = JSON.readTree(response.body());
            errorCode = json.path("error_code").asInt(-1);
            message = json.path("message").asText(message);
        } catch (IOException | RuntimeException e) {
            // not JSON (e.g. a proxy's HTML page): keep the raw body
        }
        if (message != null && message.length() > 500) {
            message = message.substring(0, 500) + "...";
        }
        return new SchemaRegistryException(method + " " + url + " -> HTTP " + response.statusCode()
                + (errorCode >= 0 ? " error_code " + errorCode : "") + ": " + message, response.statusCode(), errorCode, null);
    }

    private Duration backoff(int attempt) {
        Duration base = config.retryBackoff();
        Duration cap = base.compareTo(MAX_BACKOFF) > 0 ? base : MAX_BACKOFF;
        Duration d = base.multipliedBy(1L << Math.min(attempt, 16));
        return d.compareTo(cap) > 0 ? cap : d;
    }

    private static void sleep(Duration d, SchemaRegistryException failure) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure;
        }
    }
}
