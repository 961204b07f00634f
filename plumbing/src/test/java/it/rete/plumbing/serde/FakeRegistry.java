package it.rete.plumbing.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * A tiny in-memory stand-in for the Confluent registry REST API, for unit tests only. Serves under the Apicurio
 * ccompat prefix to prove base URLs with a path work. Ids start at 257 so the big-endian header is non-trivial.
 */
final class FakeRegistry implements AutoCloseable {

    static final String PREFIX = "/apis/ccompat/v7";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern VERSIONS = Pattern.compile("/subjects/([^/]+)/versions");
    private static final Pattern LATEST = Pattern.compile("/subjects/([^/]+)/versions/latest");
    private static final Pattern SUBJECT = Pattern.compile("/subjects/([^/]+)");
    private static final Pattern BY_ID = Pattern.compile("/schemas/ids/(\\d+)");
    private static final Pattern CONFIG = Pattern.compile("/config(?:/([^/]+))?");
    private static final Pattern COMPAT = Pattern.compile("/compatibility/subjects/([^/]+)/versions/latest");

    private final HttpServer server;
    private final Map<String, List<Integer>> versions = new HashMap<>();
    private final Map<Integer, Schema> byId = new HashMap<>();
    private final Map<Schema, Integer> idBySchema = new HashMap<>();
    private final Map<String, String> compatibility = new HashMap<>(Map.of("", "BACKWARD"));
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final Deque<Integer> injectedFailures = new ArrayDeque<>();
    private final List<String> requestLog = new java.util.concurrent.CopyOnWriteArrayList<>();
    private int nextId = 257;

    private FakeRegistry(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext(PREFIX + "/", this::handle);
        server.start();
    }

    static FakeRegistry start() throws IOException {
        return new FakeRegistry(0);
    }

    static FakeRegistry start(int port) throws IOException {
        return new FakeRegistry(port);
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PREFIX;
    }

    /** Requests served for {@code "METHOD /path"} (path without the prefix, subject decoded). */
    int hits(String methodAndPath) {
        AtomicInteger n = hits.get(methodAndPath);
        return n == null ? 0 : n.get();
    }

    /** Every request as {@code "METHOD /path?query"}, in order. */
    List<String> requests() {
        return List.copyOf(requestLog);
    }

    int totalHits() {
        return hits.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** The next {@code count} requests fail with {@code status} (e.g. 503 while "restarting"). */
    synchronized void failNext(int count, int status) {
        for (int i = 0; i < count; i++) {
            injectedFailures.add(status);
        }
    }

    /** Registers directly (as another producer would), bypassing compatibility checks. */
    synchronized int register(String subject, Schema schema) {
        int id = idBySchema.computeIfAbsent(schema, s -> {
            byId.put(nextId, s);
            return nextId++;
        });
        List<Integer> ids = versions.computeIfAbsent(subject, s -> new ArrayList<>());
        if (!ids.contains(id)) {
            ids.add(id);
        }
        return id;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
            String method = exchange.getRequestMethod();
            hits.computeIfAbsent(method + " " + path, k -> new AtomicInteger()).incrementAndGet();
            String query = exchange.getRequestURI().getRawQuery();
            requestLog.add(method + " " + path + (query == null ? "" : "?" + query));
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Reply reply;
            synchronized (this) {
                Integer failure = injectedFailures.poll();
                reply = failure != null ? error(failure, 50001, "injected failure") : route(method, path, body);
            }
            byte[] bytes = reply.json().toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
            exchange.sendResponseHeaders(reply.status(), bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    private record Reply(int status, JsonNode json) {}

    private Reply route(String method, String path, String body) throws IOException {
        Matcher m;
        if (method.equals("POST") && (m = VERSIONS.matcher(path)).matches()) {
            Schema schema = parse(body);
            String subject = m.group(1);
            String problem = incompatibility(subject, schema);
            if (problem != null) {
                return error(409, 409, "Schema being registered is incompatible with an earlier schema: " + problem);
            }
            return ok(JSON.createObjectNode().put("id", register(subject, schema)));
        }
        if (method.equals("GET") && (m = LATEST.matcher(path)).matches()) {
            List<Integer> ids = versions.get(m.group(1));
            if (ids == null) {
                return error(404, 40401, "Subject '" + m.group(1) + "' not found.");
            }
            return ok(version(m.group(1), ids.size()));
        }
        if (method.equals("POST") && (m = SUBJECT.matcher(path)).matches()) {
            List<Integer> ids = versions.get(m.group(1));
            if (ids == null) {
                return error(404, 40401, "Subject '" + m.group(1) + "' not found.");
            }
            Integer id = idBySchema.get(parse(body));
            if (id == null || !ids.contains(id)) {
                return error(404, 40403, "Schema not found");
            }
            return ok(version(m.group(1), ids.indexOf(id) + 1));
        }
        if (method.equals("GET") && (m = BY_ID.matcher(path)).matches()) {
            Schema schema = byId.get(Integer.parseInt(m.group(1)));
            return schema == null ? error(404, 40403, "Schema " + m.group(1) + " not found")
                    : ok(JSON.createObjectNode().put("schema", schema.toString()));
        }
        if ((m = CONFIG.matcher(path)).matches()) {
            String key = m.group(1) == null ? "" : m.group(1);
            if (method.equals("PUT")) {
                String level = JSON.readTree(body).path("compatibility").asText();
                compatibility.put(key, level);
                return ok(JSON.createObjectNode().put("compatibility", level));
            }
            return ok(JSON.createObjectNode().put("compatibilityLevel", compatibility.getOrDefault(key,
                    compatibility.get(""))));
        }
        if (method.equals("POST") && (m = COMPAT.matcher(path)).matches()) {
            if (!versions.containsKey(m.group(1))) {
                return error(404, 40401, "Subject '" + m.group(1) + "' not found.");
            }
            return ok(JSON.createObjectNode().put("is_compatible", incompatibility(m.group(1), parse(body)) == null));
        }
        return error(404, 404, "no route for " + method + " " + path);
    }

    private ObjectNode version(String subject, int version) {
        int id = versions.get(subject).get(version - 1);
        return JSON.createObjectNode().put("subject", subject).put("version", version).put("id", id)
                .put("schema", byId.get(id).toString());
    }

    /** Null if {@code schema} may follow the subject's versions under its compatibility level. */
    private String incompatibility(String subject, Schema schema) {
        String level = compatibility.getOrDefault(subject, compatibility.get(""));
        List<Integer> ids = versions.getOrDefault(subject, List.of());
        if (level.equals("NONE") || ids.isEmpty()) {
            return null;
        }
        List<Integer> against = level.endsWith("_TRANSITIVE") ? ids : ids.subList(ids.size() - 1, ids.size());
        for (int id : against) {
            Schema old = byId.get(id);
            boolean backward = !level.startsWith("FORWARD");
            boolean forward = !level.startsWith("BACKWARD");
            if (backward && !compatible(schema, old)) {
                return "new schema cannot read version with id " + id;
            }
            if (forward && !compatible(old, schema)) {
                return "version with id " + id + " cannot read new schema";
            }
        }
        return null;
    }

    private static boolean compatible(Schema reader, Schema writer) {
        return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getType()
                == SchemaCompatibilityType.COMPATIBLE;
    }

    private static Schema parse(String body) throws IOException {
        return new Schema.Parser().parse(JSON.readTree(body).path("schema").asText());
    }

    private static Reply ok(JsonNode json) {
        return new Reply(200, json);
    }

    private static Reply error(int status, int errorCode, String message) {
        return new Reply(status, JSON.createObjectNode().put("error_code", errorCode).put("message", message));
    }
}
