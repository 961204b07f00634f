package it.rete.partner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import it.rete.partner.api.FreeText;
import it.rete.partner.caseflow.CaseRequests;
import it.rete.partner.directory.DirectoryRequests;
import it.rete.partner.dossier.DossierRequests;
import it.rete.partner.referral.ReferralRequests;
import it.rete.partner.support.PartnerNode;
import it.rete.partner.support.Story;
import it.rete.partner.support.TestNetwork;
import it.rete.plumbing.ledger.LedgerTopics;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.MethodParameter;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A corpus of malformed, oversized and hostile requests sent, as an operator, to every endpoint the running service
 * maps under {@code /api/} (so a new endpoint is covered without touching this test): each must get a 4xx problem
 * that does not repeat the hostile value, and nothing may be written, neither a row in any table nor a record on the
 * partner's ledger. The hostile values do not reach the log either.
 */
class HostileRequestsIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** A valid body of each request type; a new request type needs one here (the test says so). */
    private static final Map<Class<?>, String> VALID_BODIES = new java.util.HashMap<>(Map.of(
            CaseRequests.OpenCase.class, """
                    {"territory": "Sabaudia", "sector": "AGRICULTURE", "intakeChannel": "OUTREACH_TEAM",
                     "preferredLanguage": "pa", "vulnerabilityFlags": ["WITHHELD_DOCUMENTS"]}""",
            CaseRequests.RecordConsent.class, """
                    {"purposes": ["REFERRAL"], "allowedRecipients": ["lule-outreach"],
                     "legalBasisOverride": "VITAL_INTEREST", "overrideReason": "urgent"}""",
            CaseRequests.CloseCase.class, """
                    {"reason": "OTHER", "reasonText": "moved away"}""",
            ReferralRequests.SendReferral.class, """
                    {"toPartnerId": "lule-outreach", "serviceType": "HOUSING", "urgency": "ROUTINE",
                     "dueBy": "%s"}""".formatted(Instant.now().plus(Duration.ofDays(5))),
            ReferralRequests.Decline.class, """
                    {"reasonCode": "OTHER", "reasonText": "no capacity"}""",
            ReferralRequests.Withdraw.class, """
                    {"reason": "duplicate"}""",
            ReferralRequests.RecordPlacement.class, """
                    {"kind": "REGULAR_EMPLOYMENT", "contractType": "SEASONAL", "startDate": "%s"}"""
                    .formatted(LocalDate.now().plusDays(10)),
            ReferralRequests.Complete.class, """
                    {"outcome": "NOT_SUCCESSFUL", "reason": "person left"}""",
            DossierRequests.Erasure.class, """
                    {"basis": "DATA_SUBJECT_REQUEST"}"""));

    static {
        VALID_BODIES.put(DirectoryRequests.PutService.class, """
                {"name": "Accoglienza", "serviceType": "HOUSING", "territories": ["Mantova"],
                 "languages": ["it"], "status": "ACTIVE", "capacityAvailable": 1, "capacityMaximum": 2}""");
        VALID_BODIES.put(DirectoryRequests.UpdateAvailability.class, """
                {"status": "ACTIVE", "capacityAvailable": 1}""");
    }

    /** Hostile strings, by what they try; each holds a marker that must never come back in a problem. */
    private static final List<String> HOSTILE_STRINGS = List.of(
            "x' OR '1'='1", "'; DROP TABLE outbox; --", "<script>alert('xss')</script>",
            "../../../../etc/passwd", "..\\..\\windows\\win.ini", "${jndi:ldap://127.0.0.1/evil}",
            "nul\u0000byte", "esc\u001b[2Jape", "bidi\u202Eoverride", "line\r\nInjected-Header: evil",
            "%00%0d%0a", "{{7*7}}", "x".repeat(10_000));

    private static final List<String> ECHO_MARKERS = List.of("DROP TABLE", "<script", "passwd", "win.ini", "jndi",
            "'1'='1", "Injected-Header", "{{7*7}}", "xxxxxxxxxxxxxxxxxxxx", "bidi");

    private static PartnerNode prefettura;
    private static String closedCaseId;
    private static String completedReferralId;

    @BeforeAll
    static void aFinishedStory() {
        TestNetwork network = TestNetwork.get();
        prefettura = network.partner(TestNetwork.PREFETTURA);
        PartnerNode lule = network.partner(TestNetwork.LULE);
        // targets in a final state: any request the validation let through would break a rule and write nothing
        closedCaseId = Story.openCase(prefettura);
        Story.consentTo(prefettura, closedCaseId, TestNetwork.LULE);
        completedReferralId = Story.refer(prefettura, closedCaseId, TestNetwork.LULE);
        Story.awaitReferralState(lule, completedReferralId, "REQUESTED");
        assertThat(lule.post("/api/referrals/" + completedReferralId + "/accept", "").status()).isEqualTo(200);
        assertThat(lule.post("/api/referrals/" + completedReferralId + "/placements", """
                {"kind": "HOUSING", "startDate": "%s"}""".formatted(LocalDate.now())).status()).isEqualTo(201);
        assertThat(lule.post("/api/referrals/" + completedReferralId + "/complete", """
                {"outcome": "SUCCESSFUL"}""").status()).isEqualTo(200);
        Story.awaitReferralState(prefettura, completedReferralId, "COMPLETED");
        assertThat(prefettura.post("/api/cases/" + closedCaseId + "/close", """
                {"reason": "GOALS_MET"}""").status()).isEqualTo(200);
    }

    @Test
    void everyEndpointRefusesTheHostileCorpusWithAProblemAndWritesNothing() {
        List<Endpoint> endpoints = endpoints();
        assertThat(endpoints).extracting(Endpoint::pattern).contains("/api/cases", "/api/cases/{caseId}/consents",
                "/api/referrals/{referralId}/accept", "/api/referrals/inbox");
        for (Endpoint endpoint : endpoints) {
            if (endpoint.body() != null) {
                assertThat(VALID_BODIES).as("a valid sample body of %s for the corpus", endpoint.body().getName())
                        .containsKey(endpoint.body());
            }
        }

        Map<String, Long> before = quietState();
        List<Probe> probes = endpoints.stream().flatMap(endpoint -> corpus(endpoint).stream()).toList();
        List<String> failures = new ArrayList<>();
        var log = new ListAppender<ILoggingEvent>();
        var rootLogger = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        log.start();
        rootLogger.addAppender(log);
        try {
            for (Probe probe : probes) {
                PartnerNode.Response response = prefettura.send(probe.method(), probe.path(), probe.body(),
                        probe.headers());
                String verdict = verdict(probe, response);
                if (verdict != null) {
                    failures.add(probe.description() + " -> " + verdict);
                }
            }
        } finally {
            rootLogger.detachAppender(log);
        }
        assertThat(failures).as("%d of %d probes", failures.size(), probes.size()).isEmpty();
        // what was sent does not reach the log either (the 405s are logged, so the capture works)
        assertThat(log.list).anyMatch(event -> event.getFormattedMessage().contains("not supported"));
        for (ILoggingEvent event : log.list) {
            String text = event.getFormattedMessage() + throwableText(event.getThrowableProxy());
            assertThat(ECHO_MARKERS).as("log line: %s", abbreviate(text)).noneMatch(text::contains);
        }
        assertThat(probes).hasSizeGreaterThan(500);
        assertThat(state()).as("rows of every table and ledger end offsets").isEqualTo(before);
    }

    private static String verdict(Probe probe, PartnerNode.Response response) {
        if (response.status() < 400 || response.status() >= 500) {
            return "status " + response.status() + ": " + abbreviate(response.body());
        }
        if (probe.expectedStatus() != 0 && response.status() != probe.expectedStatus()) {
            return "status " + response.status() + " instead of " + probe.expectedStatus() + ": "
                    + abbreviate(response.body());
        }
        if (!response.contentType().startsWith("application/problem+json")) {
            return "content type " + response.contentType();
        }
        JsonNode problem;
        try {
            problem = response.json();
        } catch (RuntimeException e) {
            return "body is not JSON: " + abbreviate(response.body());
        }
        if (!problem.path("type").asString("").startsWith("urn:rete:problem:")
                || problem.path("status").asInt() != response.status()) {
            return "not one of our problems: " + abbreviate(response.body());
        }
        for (String marker : ECHO_MARKERS) {
            if (response.body().contains(marker)) {
                return "problem repeats '" + marker + "': " + abbreviate(response.body());
            }
        }
        return null;
    }

    // ---- the corpus ----

    private static List<Probe> corpus(Endpoint endpoint) {
        List<Probe> probes = new ArrayList<>();
        String path = endpoint.path(validPathValues());
        String method = endpoint.method();
        String validBody = endpoint.body() == null ? null : VALID_BODIES.get(endpoint.body());
        String json = "application/json";

        // identifiers in the path
        for (String variable : endpoint.pathVariables()) {
            for (String hostile : List.of("not-a-uuid", "1-1-1-1-1", UUID.randomUUID().toString().replace("-", ""),
                    UUID.randomUUID() + "0", "%27%20OR%20%271%27%3D%271", "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
                    "..%2F..%2Fetc%2Fpasswd", "..%5C..%5Cwin.ini", "%2E%2E", "%00", "%0D%0AInjected-Header:x",
                    "%E2%80%AE" + UUID.randomUUID(), "%7B%7B7*7%7D%7D", "x".repeat(4000))) {
                Map<String, String> values = new LinkedHashMap<>(validPathValues());
                values.put(variable, hostile);
                probes.add(new Probe(method + " " + endpoint.pattern() + " with " + variable + "=" + abbreviate(hostile),
                        method, endpoint.path(values), body(validBody), 0, headers(validBody)));
            }
        }
        // query parameters
        for (String parameter : endpoint.queryParameters()) {
            for (String hostile : List.of("BOGUS", "%27%20OR%201%3D1", "-1", "0", "1001", "abc", "1e3",
                    "99999999999999999999", "%00", "x".repeat(2000))) {
                String pattern = endpoint.queryPatterns().get(parameter);
                if (pattern != null && java.net.URLDecoder.decode(hostile, StandardCharsets.UTF_8).matches(pattern)) {
                    continue; // a free-text filter (a territory, a language) that this value legitimately is
                }
                probes.add(new Probe(method + " " + endpoint.pattern() + "?" + parameter + "=" + abbreviate(hostile),
                        method, path + "?" + parameter + "=" + hostile, body(validBody), 400, headers(validBody)));
            }
        }
        if (!endpoint.queryParameters().isEmpty() || method.equals("GET")) {
            probes.add(new Probe(method + " " + endpoint.pattern() + " with an unknown parameter", method,
                    path + "?caseId%3D1%20OR%201=1", body(validBody), 400, headers(validBody)));
        }
        // methods it does not support
        for (String other : List.of("GET", "POST", "PUT", "DELETE", "PATCH")) {
            if (!endpoint.supportedMethodsOfPattern().contains(other)) {
                probes.add(new Probe(other + " " + endpoint.pattern(), other, path,
                        BodyPublishers.ofString("{}"), 405, "Content-Type", json));
            }
        }
        if (validBody == null) {
            if (!method.equals("GET")) {
                // an operation without a body ignores one; the target is final, so it still writes nothing
                probes.add(new Probe(method + " " + endpoint.pattern() + " with a hostile body", method, path,
                        BodyPublishers.ofString("{\"state\": \"REQUESTED\"}"), 0, "Content-Type", json));
            }
            return probes;
        }
        // the body as a whole
        Map<String, String> badBodies = new LinkedHashMap<>();
        badBodies.put("malformed JSON", "{not json");
        badBodies.put("a truncated document", validBody.substring(0, validBody.length() / 2));
        badBodies.put("an empty document", "");
        badBodies.put("null", "null");
        badBodies.put("an array", "[" + validBody + "]");
        badBodies.put("a string", "\"" + "'; DROP TABLE outbox; --" + "\"");
        badBodies.put("trailing tokens", validBody + " {\"x\": 1}");
        badBodies.put("a duplicated property", duplicateFirstProperty(validBody));
        badBodies.put("an unknown property", withProperty(validBody, "unexpected", NODES.numberNode(1)));
        badBodies.put("a server-owned property", withProperty(validBody, "status", NODES.stringNode("CLOSED")));
        badBodies.put("a prototype property", withProperty(validBody, "__proto__", NODES.objectNode()));
        badBodies.put("deep nesting", "[".repeat(5000) + "]".repeat(5000));
        badBodies.put("a raw control character", validBody.replaceFirst("\": \"", "\": \"\u0007"));
        badBodies.put("invalid UTF-8", null);
        for (var bad : badBodies.entrySet()) {
            HttpRequest.BodyPublisher publisher = bad.getValue() == null
                    ? BodyPublishers.ofByteArray(invalidUtf8(validBody)) : BodyPublishers.ofString(bad.getValue());
            probes.add(new Probe(method + " " + endpoint.pattern() + " with " + bad.getKey(), method, path,
                    publisher, 400, "Content-Type", json));
        }
        probes.add(new Probe(method + " " + endpoint.pattern() + " without a body", method, path,
                BodyPublishers.noBody(), 400, "Content-Type", json));
        String oversized = withProperty(validBody, "padding", NODES.stringNode("x".repeat(70 * 1024)));
        probes.add(new Probe(method + " " + endpoint.pattern() + " with an oversized body", method, path,
                BodyPublishers.ofString(oversized), 413, "Content-Type", json));
        probes.add(new Probe(method + " " + endpoint.pattern() + " with an oversized chunked body", method, path,
                BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(
                        oversized.getBytes(StandardCharsets.UTF_8))), 413, "Content-Type", json));
        for (String contentType : List.of("text/plain", "application/xml", "multipart/form-data; boundary=x",
                "application/javascript", "application/x-www-form-urlencoded")) {
            // a form body is parsed into parameters first, and refused for the characters they hold (400)
            int expected = contentType.startsWith("application/x-www-form") ? 0 : 415;
            probes.add(new Probe(method + " " + endpoint.pattern() + " as " + contentType, method, path,
                    BodyPublishers.ofString(validBody), expected, "Content-Type", contentType));
        }
        probes.add(new Probe(method + " " + endpoint.pattern() + " without a content type", method, path,
                BodyPublishers.ofString(validBody), 415));

        // each field in turn
        ObjectNode valid = (ObjectNode) JSON.readTree(validBody);
        for (Field field : endpoint.body().getDeclaredFields()) {
            if (java.lang.reflect.Modifier.isStatic(field.getModifiers())) {
                continue;
            }
            boolean freeText = field.getAnnotation(FreeText.class) != null;
            for (JsonNode hostile : hostileValues(field)) {
                ObjectNode mutated = valid.deepCopy();
                mutated.set(field.getName(), hostile);
                // free text may legitimately hold odd text: then the final target refuses it (409/422)
                probes.add(new Probe(method + " " + endpoint.pattern() + " with " + field.getName() + "="
                        + abbreviate(hostile.toString()), method, path, BodyPublishers.ofString(mutated.toString()),
                        freeText ? 0 : 400, "Content-Type", json));
            }
        }
        return probes;
    }

    private static List<JsonNode> hostileValues(Field field) {
        List<JsonNode> values = new ArrayList<>();
        Class<?> type = field.getType();
        values.add(NODES.objectNode());
        values.add(NODES.arrayNode().add(NODES.objectNode()));
        values.add(NODES.booleanNode(true));
        if (type == String.class) {
            HOSTILE_STRINGS.forEach(s -> values.add(NODES.stringNode(s)));
            values.add(NODES.numberNode(42));
        } else if (type.isEnum()) {
            for (String s : List.of("NOT_A_VALUE", type.getEnumConstants()[0].toString().toLowerCase(), " "
                    + type.getEnumConstants()[0] + " ", "'; DROP TABLE outbox; --", "<script>x</script>")) {
                values.add(NODES.stringNode(s));
            }
            values.add(NODES.numberNode(0));
        } else if (type == List.class) {
            Class<?> element = (Class<?>) ((ParameterizedType) field.getGenericType()).getActualTypeArguments()[0];
            String validItem = element.isEnum() ? element.getEnumConstants()[0].toString() : "lule-outreach";
            var tooMany = NODES.arrayNode();
            for (int i = 0; i < 200; i++) {
                tooMany.add(validItem);
            }
            values.add(tooMany);
            values.add(NODES.arrayNode().addNull());
            values.add(NODES.stringNode(validItem));
            values.add(NODES.arrayNode().add(NODES.arrayNode().add(validItem)));
            values.add(NODES.arrayNode().add(NODES.numberNode(0)));
            HOSTILE_STRINGS.forEach(s -> values.add(NODES.arrayNode().add(s)));
        } else if (type == Instant.class) {
            for (String s : List.of("not-a-date", "2026-13-45T00:00:00Z", "9999-12-31T23:59:59Z",
                    "+999999999-12-31T23:59:59Z", "'; DROP TABLE outbox; --", "")) {
                values.add(NODES.stringNode(s));
            }
        } else if (type == LocalDate.class) {
            for (String s : List.of("2026-02-30", "1900-01-01", "9999-12-31", "01/12/2026", "2026-12-01T00:00:00Z",
                    "'; DROP TABLE outbox; --", "")) {
                values.add(NODES.stringNode(s));
            }
            values.add(NODES.numberNode(20261201));
        }
        return values;
    }

    // ---- the endpoints, as the running service maps them ----

    /** One handler method: its HTTP method and route, its body type, path variables and query parameters. */
    private record Endpoint(String method, String pattern, Class<?> body, List<String> pathVariables,
                            List<String> queryParameters, Map<String, String> queryPatterns,
                            Set<String> supportedMethodsOfPattern) {

        String path(Map<String, String> values) {
            String path = pattern;
            for (String variable : pathVariables) {
                path = path.replace("{" + variable + "}", values.get(variable));
            }
            return path;
        }
    }

    private static List<Endpoint> endpoints() {
        var mapping = prefettura.bean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class);
        Map<String, Set<String>> methodsByPattern = new TreeMap<>();
        mapping.getHandlerMethods().forEach((info, handler) -> patterns(info).forEach(pattern ->
                methodsByPattern.computeIfAbsent(pattern, p -> new java.util.TreeSet<>())
                        .addAll(methods(info))));
        List<Endpoint> endpoints = new ArrayList<>();
        mapping.getHandlerMethods().forEach((info, handler) -> {
            for (String pattern : patterns(info)) {
                if (!pattern.startsWith("/api/")) {
                    continue;
                }
                Class<?> body = null;
                List<String> pathVariables = new ArrayList<>();
                List<String> queryParameters = new ArrayList<>();
                Map<String, String> queryPatterns = new LinkedHashMap<>();
                for (MethodParameter parameter : handler.getMethodParameters()) {
                    parameter.initParameterNameDiscovery(new org.springframework.core.DefaultParameterNameDiscoverer());
                    if (parameter.hasParameterAnnotation(RequestBody.class)) {
                        body = parameter.getParameterType();
                    } else if (parameter.hasParameterAnnotation(PathVariable.class)) {
                        pathVariables.add(parameter.getParameterName());
                    } else if (parameter.hasParameterAnnotation(RequestParam.class)) {
                        queryParameters.add(parameter.getParameterName());
                        var textPattern = parameter.getParameterAnnotation(jakarta.validation.constraints.Pattern.class);
                        if (textPattern != null) {
                            queryPatterns.put(parameter.getParameterName(), textPattern.regexp());
                        }
                    }
                }
                assertThat(methods(info)).as(pattern).hasSize(1);
                endpoints.add(new Endpoint(methods(info).iterator().next(), pattern, body, pathVariables,
                        queryParameters, queryPatterns, methodsByPattern.get(pattern)));
            }
        });
        endpoints.sort(Comparator.comparing(Endpoint::pattern).thenComparing(Endpoint::method));
        return endpoints;
    }

    private static Set<String> patterns(RequestMappingInfo info) {
        return info.getPathPatternsCondition() == null ? Set.of() : info.getPathPatternsCondition().getPatternValues();
    }

    private static Set<String> methods(RequestMappingInfo info) {
        return info.getMethodsCondition().getMethods().stream().map(RequestMethod::name).collect(Collectors.toSet());
    }

    private static Map<String, String> validPathValues() {
        // another partner's service: this partner may describe only its own, so nothing can be written to it
        return Map.of("caseId", closedCaseId, "referralId", completedReferralId,
                "serviceId", TestNetwork.LULE + ".orientamento");
    }

    // ---- what the partner has written ----

    /** The state once nothing is under way any more: the same twice in a row, a second apart. */
    private static Map<String, Long> quietState() {
        var previous = new java.util.concurrent.atomic.AtomicReference<Map<String, Long>>(state());
        return Awaitility.await().atMost(Story.PROPAGATION).pollDelay(Duration.ofSeconds(1))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    Map<String, Long> now = state();
                    return now.equals(previous.getAndSet(now)) ? now : null;
                }, java.util.Objects::nonNull);
    }

    private static Map<String, Long> state() {
        JdbcClient jdbc = prefettura.bean(JdbcClient.class);
        Map<String, Long> state = new TreeMap<>();
        List<String> tables = jdbc.sql("""
                select table_schema || '.' || table_name from information_schema.tables
                where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')""")
                .query(String.class).list();
        assertThat(tables).contains("public.case_file", "public.outbox", "public.processed_event");
        for (String table : tables) {
            state.put(table, jdbc.sql("select count(*) from " + table).query(Long.class).single());
        }
        String ledger = LedgerTopics.ledger(TestNetwork.PREFETTURA);
        try (var consumer = new KafkaConsumer<>(TestNetwork.get().adminConfig(),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(ledger, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(ledger, p.partition())).toList();
            consumer.endOffsets(partitions).forEach((partition, offset) -> state.put(partition.toString(), offset));
        }
        return state;
    }

    // ---- helpers ----

    /** One hostile request; {@code expectedStatus} 0 accepts any 4xx. */
    private record Probe(String description, String method, String path, HttpRequest.BodyPublisher body,
                         int expectedStatus, String... headers) {
    }

    private static HttpRequest.BodyPublisher body(String validBody) {
        return validBody == null ? null : BodyPublishers.ofString(validBody);
    }

    private static String[] headers(String validBody) {
        return validBody == null ? new String[0] : new String[] {"Content-Type", "application/json"};
    }

    private static String withProperty(String body, String name, JsonNode value) {
        ObjectNode node = (ObjectNode) JSON.readTree(body);
        node.set(name, value);
        return node.toString();
    }

    private static String duplicateFirstProperty(String body) {
        ObjectNode node = (ObjectNode) JSON.readTree(body);
        String first = node.propertyNames().iterator().next();
        return "{\"" + first + "\": " + node.get(first) + ", " + body.strip().substring(1);
    }

    private static byte[] invalidUtf8(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        int quote = body.indexOf(": \"") + 3;
        bytes[quote] = (byte) 0xC3; // a lead byte followed by an ASCII letter
        return bytes;
    }

    private static String throwableText(IThrowableProxy throwable) {
        StringBuilder text = new StringBuilder();
        for (IThrowableProxy t = throwable; t != null; t = t.getCause()) {
            text.append(' ').append(t.getClassName()).append(": ").append(t.getMessage());
        }
        return text.toString();
    }

    private static String abbreviate(String text) {
        String printable = text.chars().mapToObj(c -> c < 0x20 || c == 0x7f || (c >= 0x202a && c <= 0x202e)
                ? String.format("\\u%04x", c) : String.valueOf((char) c)).collect(Collectors.joining());
        return printable.length() > 120 ? printable.substring(0, 120) + "..." : printable;
    }
}
