package it.rete.plumbing.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SchemaRegistryClientTest {

    private static final Schema V1 = TestPerson.V1;
    private static final Schema V2 = TestPerson.SCHEMA$;
    /** Adds a required field: not backward compatible with V1. */
    private static final Schema V2_BREAKING = new Schema.Parser().parse("""
            {"type": "record", "name": "TestPerson", "namespace": "it.rete.plumbing.serde", "fields": [
                {"name": "name", "type": "string"},
                {"name": "age", "type": "int"},
                {"name": "tax_code", "type": "string"}
            ]}""");

    private FakeRegistry registry;
    private SchemaRegistryClient client;

    @BeforeEach
    void start() throws IOException {
        registry = FakeRegistry.start();
        client = client(registry.url(), Map.of());
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    static SchemaRegistryClient client(String url, Map<String, Object> extra) {
        Map<String, Object> props = new HashMap<>(Map.of(
                AvroSerdeConfig.SCHEMA_REGISTRY_URL, url,
                AvroSerdeConfig.RETRY_BACKOFF_MS, 10L,
                AvroSerdeConfig.CONNECT_TIMEOUT_MS, 1000L,
                AvroSerdeConfig.REQUEST_TIMEOUT_MS, 2000L));
        props.putAll(extra);
        return new SchemaRegistryClient(AvroSerdeConfig.parse(props));
    }

    @Test
    void registersLooksUpAndFetchesById() {
        int id = client.register("people-value", V1);

        assertThat(client.getById(id)).isEqualTo(V1);
        assertThat(client(registry.url(), Map.of()).getId("people-value", V1)).isEqualTo(id);
        RegisteredSchema latest = client.getLatest("people-value");
        assertThat(latest).isEqualTo(new RegisteredSchema("people-value", id, 1, V1));
    }

    @Test
    void cachesIdsAndSchemas() {
        int id = client.register("people-value", V1);
        for (int i = 0; i < 10; i++) {
            assertThat(client.register("people-value", V1)).isEqualTo(id);
            assertThat(client.getId("people-value", V1)).isEqualTo(id);
        }
        SchemaRegistryClient reader = client(registry.url(), Map.of());
        for (int i = 0; i < 10; i++) {
            assertThat(reader.getById(id)).isEqualTo(V1);
        }

        assertThat(registry.hits("POST /subjects/people-value/versions")).isEqualTo(1);
        assertThat(registry.hits("POST /subjects/people-value")).isZero();
        assertThat(registry.hits("GET /schemas/ids/" + id)).isEqualTo(1);
    }

    @Test
    void cachesLatestForItsTtlOnly() {
        registry.register("people-value", V1);
        client.getLatest("people-value");
        client.getLatest("people-value");
        assertThat(registry.hits("GET /subjects/people-value/versions/latest")).isEqualTo(1);

        SchemaRegistryClient uncached = client(registry.url(), Map.of(AvroSerdeConfig.LATEST_CACHE_TTL_SEC, 0L));
        uncached.getLatest("people-value");
        int v2 = registry.register("people-value", V2);
        assertThat(uncached.getLatest("people-value").id()).isEqualTo(v2);
        assertThat(uncached.getLatest("people-value").version()).isEqualTo(2);
    }

    @Test
    void incompatibleRegistrationIs409WithRegistryErrorCode() {
        client.register("people-value", V1);

        assertThatThrownBy(() -> client.register("people-value", V2_BREAKING))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.errorCode()).isEqualTo(409);
                    assertThat(e.isTransient()).isFalse();
                    assertThat(e.getMessage()).contains("409").contains("incompatible");
                });
        assertThat(registry.hits("POST /subjects/people-value/versions")).isEqualTo(2); // not retried
    }

    @Test
    void unknownSubjectIs404With40401() {
        assertThatThrownBy(() -> client.getLatest("nobody-value"))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.errorCode()).isEqualTo(40401);
                });
        client.register("people-value", V1);
        assertThatThrownBy(() -> client.getId("people-value", V2))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(40403));
    }

    @Test
    void compatibilityLevelsAndTests() {
        assertThat(client.getCompatibility(null)).isEqualTo("BACKWARD");
        assertThat(client.testCompatibility("people-value", V2_BREAKING)).isTrue(); // nothing registered yet
        client.register("people-value", V1);

        assertThat(client.getCompatibility("people-value")).isEqualTo("BACKWARD");
        assertThat(client.testCompatibility("people-value", V2)).isTrue();
        assertThat(client.testCompatibility("people-value", V2_BREAKING)).isFalse();

        client.setCompatibility("people-value", "NONE");
        assertThat(client.getCompatibility("people-value")).isEqualTo("NONE");
        assertThat(client.testCompatibility("people-value", V2_BREAKING)).isTrue();
        client.setCompatibility(null, "FULL");
        assertThat(client.getCompatibility(null)).isEqualTo("FULL");
    }

    @Test
    void retriesTransientServerErrors() {
        registry.failNext(2, 503);

        int id = client.register("people-value", V1);

        assertThat(client.getById(id)).isEqualTo(V1);
        assertThat(registry.hits("POST /subjects/people-value/versions")).isEqualTo(3);
    }

    @Test
    void givesUpAfterConfiguredRetries() {
        SchemaRegistryClient twoRetries = client(registry.url(), Map.of(AvroSerdeConfig.RETRIES, 2));
        registry.failNext(10, 500);

        assertThatThrownBy(() -> twoRetries.register("people-value", V1))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.status()).isEqualTo(500);
                    assertThat(e.errorCode()).isEqualTo(50001);
                    assertThat(e.isTransient()).isTrue();
                });
        assertThat(registry.totalHits()).isEqualTo(3);
    }

    @Test
    void survivesARegistryThatIsNotUpYet() throws Exception {
        int port = freePort();
        SchemaRegistryClient patient = client("http://127.0.0.1:" + port + FakeRegistry.PREFIX,
                Map.of(AvroSerdeConfig.RETRY_BACKOFF_MS, 100L, AvroSerdeConfig.RETRIES, 6));
        CompletableFuture<Integer> id = CompletableFuture.supplyAsync(() -> patient.register("people-value", V1));
        Thread.sleep(300); // connection refused meanwhile

        try (FakeRegistry late = FakeRegistry.start(port)) {
            assertThat(id.get(10, TimeUnit.SECONDS)).isEqualTo(257);
            assertThat(late.hits("POST /subjects/people-value/versions")).isEqualTo(1);
        }
    }

    @Test
    void unreachableRegistryFailsWithNoResponseStatus() throws IOException {
        SchemaRegistryClient nowhere = client("http://127.0.0.1:" + freePort(), Map.of(AvroSerdeConfig.RETRIES, 1));

        assertThatThrownBy(() -> nowhere.getById(1))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.status()).isEqualTo(SchemaRegistryException.NO_RESPONSE);
                    assertThat(e.isTransient()).isTrue();
                    assertThat(e.getMessage()).contains("/schemas/ids/1");
                });
    }

    @Test
    void failsOverToTheNextUrl() throws IOException {
        SchemaRegistryClient failover = client("http://127.0.0.1:" + freePort() + "," + registry.url(), Map.of());

        assertThat(failover.register("people-value", V1)).isEqualTo(257);
    }

    @Test
    void sendsNormalizeWhenConfigured() {
        SchemaRegistryClient normalizing = client(registry.url(), Map.of(AvroSerdeConfig.NORMALIZE_SCHEMAS, true));

        normalizing.register("people-value", V1);
        client.register("people-value", V1);

        assertThat(registry.requests()).containsExactly(
                "POST /subjects/people-value/versions?normalize=true", "POST /subjects/people-value/versions");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
