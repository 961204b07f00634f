package it.rete.cabina.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import it.rete.cabina.CabinaApplication;
import it.rete.localnetwork.EmbeddedKafkaBroker;
import it.rete.localnetwork.SchemaRegistryServer;
import org.awaitility.Awaitility;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real stack the integration tests run against, started once per test JVM: a KRaft broker, the schema registry
 * as its own process, and the cabina di regia with its own embedded PostgreSQL. Tests write events straight to
 * partner ledgers ({@link Ledgers}); each test uses partner ids of its own and filters by them.
 */
public final class CabinaTestNetwork implements AutoCloseable {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static CabinaTestNetwork instance;

    private final EmbeddedKafkaBroker broker;
    private final SchemaRegistryServer registry;
    private final ConfigurableApplicationContext cabina;
    private final URI baseUri;
    private final Ledgers ledgers;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ClientKeys keys = ClientKeys.random();

    private CabinaTestNetwork() throws Exception {
        Path workDir = Files.createTempDirectory("rete-cabina-it-");
        broker = EmbeddedKafkaBroker.start(workDir.resolve("kafka"), 0);
        registry = SchemaRegistryServer.start(workDir.resolve("schema-registry"), 0);
        Map<String, String> settings = new LinkedHashMap<>(Map.of(
                        "rete.data-dir", workDir.resolve("cabina").toString(),
                        "spring.kafka.bootstrap-servers", broker.bootstrapServers(),
                        "spring.kafka.properties.schema.registry.url", registry.url(),
                        "server.port", "0",
                        "rete.cabina.live-debounce", "200ms",
                        "spring.main.banner-mode", "off"));
        settings.putAll(keys.settings());
        String[] args = settings
                .entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        cabina = new SpringApplicationBuilder(CabinaApplication.class).run(args);
        baseUri = URI.create("http://127.0.0.1:" + ((WebServerApplicationContext) cabina).getWebServer().getPort());
        ledgers = new Ledgers(broker.bootstrapServers(), registry.url());
    }

    public static synchronized CabinaTestNetwork get() {
        if (instance == null) {
            try {
                instance = new CabinaTestNetwork();
            } catch (Exception e) {
                throw new IllegalStateException("Could not start the test network", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(instance::close, "cabina-test-network-shutdown"));
        }
        return instance;
    }

    public Ledgers ledgers() {
        return ledgers;
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    public String registryUrl() {
        return registry.url();
    }

    public URI baseUri() {
        return baseUri;
    }

    public <T> T bean(Class<T> type) {
        return cabina.getBean(type);
    }

    public long processedFrom(String... partners) {
        StringBuilder in = new StringBuilder();
        for (String partner : partners) {
            in.append(in.isEmpty() ? "" : ",").append("'rete.").append(partner).append(".events'");
        }
        Long count = bean(JdbcTemplate.class).queryForObject(
                "select count(*) from processed_event where source_topic in (" + in + ")", Long.class);
        return count == null ? 0 : count;
    }

    /** Waits until this many events of these partners' ledgers have been projected. */
    public void awaitProcessed(long expected, String... partners) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> processedFrom(partners) >= expected);
    }

    /** The keys of this cabina's clients, one per role. */
    public ClientKeys keys() {
        return keys;
    }

    /** GET as a viewer (a coordinator reading the indicators). */
    public Response get(String path) {
        return get(path, keys.viewer());
    }

    /** GET with this key, or with none when null. */
    public Response get(String path, String key) {
        return send(HttpRequest.newBuilder(baseUri.resolve(path)).GET(), key);
    }

    /** POST as an operator (who may rebuild). */
    public Response post(String path) {
        return post(path, keys.operator());
    }

    /** POST with this key, or with none when null. */
    public Response post(String path, String key) {
        return send(HttpRequest.newBuilder(baseUri.resolve(path)).POST(HttpRequest.BodyPublishers.noBody()), key);
    }

    private Response send(HttpRequest.Builder request, String key) {
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body());
        } catch (Exception e) {
            throw new IllegalStateException("Request to the cabina failed", e);
        }
    }

    @Override
    public void close() {
        ledgers.close();
        cabina.close();
        registry.close();
        broker.close();
    }

    /** An HTTP answer. */
    public record Response(int status, String contentType, String body) {

        public JsonNode json() {
            return JSON.readTree(body);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}
