package it.rete.partner.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import it.rete.partner.PartnerServiceApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** One partner service with its own context, database and ledger, spoken to over HTTP; in this JVM or not. */
public final class PartnerNode implements AutoCloseable {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final String partnerId;
    private final ConfigurableApplicationContext context;
    private final URI baseUri;
    /** Sent as {@code Authorization: Bearer <key>}; null sends no credentials. */
    private final String apiKey;
    private final HttpClient http;

    private PartnerNode(String partnerId, ConfigurableApplicationContext context, URI baseUri, String apiKey,
                        HttpClient http) {
        this.partnerId = partnerId;
        this.context = context;
        this.baseUri = baseUri;
        this.apiKey = apiKey;
        this.http = http;
    }

    /** A partner service running in another process, reached only over HTTP with the given operator key. */
    public static PartnerNode remote(String partnerId, URI baseUri, String operatorKey) {
        return new PartnerNode(partnerId, null, baseUri, operatorKey, newHttpClient());
    }

    static PartnerNode start(String partnerId, TestNetwork network, ApiClientKeys keys, Map<String, String> extra) {
        // as command-line arguments, which take precedence over application.yml, like on a real command line
        Map<String, String> settings = new java.util.LinkedHashMap<>(keys.settings());
        settings.putAll(extra);
        settings.putAll(Map.of(
                        "rete.partner.id", partnerId,
                        "rete.network.partners", String.join(",", TestNetwork.PREFETTURA, TestNetwork.LULE,
                                TestNetwork.CPI),
                        "rete.data-dir", network.dataDir(partnerId).toString(),
                        "spring.kafka.bootstrap-servers", network.bootstrapServers(),
                        "spring.kafka.properties.schema.registry.url", network.registryUrl(),
                        "server.port", "0",
                        "spring.main.banner-mode", "off"));
        network.clientConfig(partnerId).forEach((key, value) -> {
            if (key.startsWith("security.") || key.startsWith("ssl.")) {
                settings.put("spring.kafka.properties." + key, value.toString());
            }
        });
        String[] args = settings.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        var context = new SpringApplicationBuilder(PartnerServiceApplication.class).run(args);
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        return new PartnerNode(partnerId, context, URI.create("http://127.0.0.1:" + port), keys.operator(),
                newHttpClient());
    }

    private static HttpClient newHttpClient() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** The same partner, spoken to with another API key (null: without credentials). */
    public PartnerNode withKey(String key) {
        return new PartnerNode(partnerId, context, baseUri, key, http);
    }

    public PartnerNode withoutCredentials() {
        return withKey(null);
    }

    public URI baseUri() {
        return baseUri;
    }

    public String id() {
        return partnerId;
    }

    public <T> T bean(Class<T> type) {
        if (context == null) {
            throw new IllegalStateException(partnerId + " runs in another process");
        }
        return context.getBean(type);
    }

    public <T> T bean(String name, Class<T> type) {
        if (context == null) {
            throw new IllegalStateException(partnerId + " runs in another process");
        }
        return context.getBean(name, type);
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(baseUri.resolve(path)).GET());
    }

    public Response post(String path, String json) {
        return send(HttpRequest.newBuilder(baseUri.resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /**
     * Any request: {@code rawPath} is sent as it is (already percent-encoded), {@code headers} are name/value
     * pairs, a null body sends none.
     */
    public Response send(String method, String rawPath, HttpRequest.BodyPublisher body, String... headers) {
        var request = HttpRequest.newBuilder(URI.create(baseUri + rawPath))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : body);
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request);
    }

    private Response send(HttpRequest.Builder request) {
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body(), response.headers());
        } catch (Exception e) {
            throw new IllegalStateException("Request to " + partnerId + " failed", e);
        }
    }

    @Override
    public void close() {
        if (context != null) {
            context.close();
        }
    }

    /** An HTTP answer with its JSON body. */
    public record Response(int status, String contentType, String body, java.net.http.HttpHeaders headers) {

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        public JsonNode json() {
            return JSON.readTree(body);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}
