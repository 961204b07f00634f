package it.rete.plumbing.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AvroSerdeConfigTest {

    private static final String URL = "http://127.0.0.1:8081/apis/ccompat/v7";

    private static Map<String, Object> props(Object... keyValues) {
        Map<String, Object> props = new HashMap<>();
        props.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, URL);
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put((String) keyValues[i], keyValues[i + 1]);
        }
        return props;
    }

    @Test
    void defaults() {
        AvroSerdeConfig config = AvroSerdeConfig.parse(props());

        assertThat(config.registryUrls()).containsExactly(URI.create(URL));
        assertThat(config.autoRegisterSchemas()).isTrue();
        assertThat(config.useLatestVersion()).isFalse();
        assertThat(config.specificAvroReader()).isFalse();
        assertThat(config.normalizeSchemas()).isFalse();
        assertThat(config.keySubjectNameStrategy()).isInstanceOf(TopicNameStrategy.class);
        assertThat(config.valueSubjectNameStrategy()).isInstanceOf(TopicNameStrategy.class);
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.latestCacheTtl()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void readsStringValuesAsSpringPassesThem() {
        AvroSerdeConfig config = AvroSerdeConfig.parse(props(
                AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, "false",
                AvroSerdeConfig.USE_LATEST_VERSION, "true",
                AvroSerdeConfig.SPECIFIC_AVRO_READER, "true",
                AvroSerdeConfig.NORMALIZE_SCHEMAS, "true",
                AvroSerdeConfig.LATEST_CACHE_TTL_SEC, "-1",
                AvroSerdeConfig.REQUEST_TIMEOUT_MS, "2500",
                AvroSerdeConfig.RETRIES, "2",
                "bootstrap.servers", "127.0.0.1:9092")); // other clients' keys are ignored

        assertThat(config.autoRegisterSchemas()).isFalse();
        assertThat(config.useLatestVersion()).isTrue();
        assertThat(config.specificAvroReader()).isTrue();
        assertThat(config.normalizeSchemas()).isTrue();
        assertThat(config.latestCacheTtl()).isNull();
        assertThat(config.requestTimeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(config.retries()).isEqualTo(2);
    }

    @Test
    void takesEveryUrlOfACommaSeparatedListAndDropsTrailingSlash() {
        AvroSerdeConfig config = AvroSerdeConfig.parse(props(AvroSerdeConfig.SCHEMA_REGISTRY_URL,
                "http://a:8081/, https://b:8081/x/"));

        assertThat(config.registryUrls()).containsExactly(URI.create("http://a:8081"), URI.create("https://b:8081/x"));
    }

    @ParameterizedTest
    @CsvSource({
            "io.confluent.kafka.serializers.subject.TopicNameStrategy, it.rete.plumbing.serde.TopicNameStrategy",
            "io.confluent.kafka.serializers.subject.RecordNameStrategy, it.rete.plumbing.serde.RecordNameStrategy",
            "io.confluent.kafka.serializers.subject.TopicRecordNameStrategy, it.rete.plumbing.serde.TopicRecordNameStrategy",
            "it.rete.plumbing.serde.RecordNameStrategy, it.rete.plumbing.serde.RecordNameStrategy",
            "TopicRecordNameStrategy, it.rete.plumbing.serde.TopicRecordNameStrategy"})
    void mapsStrategyNamesIncludingConfluentAliases(String configured, String expected) {
        AvroSerdeConfig config = AvroSerdeConfig.parse(props(
                AvroSerdeConfig.KEY_SUBJECT_NAME_STRATEGY, configured,
                AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY, configured));

        assertThat(config.subjectNameStrategy(true).getClass().getName()).isEqualTo(expected);
        assertThat(config.subjectNameStrategy(false).getClass().getName()).isEqualTo(expected);
    }

    public static class UpperCaseStrategy implements SubjectNameStrategy {
        @Override
        public String subjectName(String topic, boolean isKey, Schema schema) {
            return topic.toUpperCase();
        }
    }

    @Test
    void acceptsCustomStrategyByNameOrClass() {
        AvroSerdeConfig config = AvroSerdeConfig.parse(props(
                AvroSerdeConfig.KEY_SUBJECT_NAME_STRATEGY, UpperCaseStrategy.class.getName(),
                AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY, UpperCaseStrategy.class));

        assertThat(config.keySubjectNameStrategy()).isInstanceOf(UpperCaseStrategy.class);
        assertThat(config.valueSubjectNameStrategy()).isInstanceOf(UpperCaseStrategy.class);
    }

    @Test
    void urlIsRequired() {
        assertThatThrownBy(() -> AvroSerdeConfig.parse(Map.of("bootstrap.servers", "x:9092")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(AvroSerdeConfig.SCHEMA_REGISTRY_URL);
    }

    @Test
    void rejectsInvalidValues() {
        assertThatThrownBy(() -> AvroSerdeConfig.parse(props(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://scope")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not an http(s) URL");
        assertThatThrownBy(() -> AvroSerdeConfig.parse(props(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, "yes")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS);
        assertThatThrownBy(() -> AvroSerdeConfig.parse(props(AvroSerdeConfig.RETRIES, "-1")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(AvroSerdeConfig.RETRIES);
    }

    @Test
    void rejectsUnknownOrUnusableStrategies() {
        assertThatThrownBy(() -> AvroSerdeConfig.parse(props(AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY,
                "io.confluent.kafka.serializers.subject.NoSuchStrategy")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY)
                .hasMessageContaining("class not found");
        assertThatThrownBy(() -> AvroSerdeConfig.parse(props(AvroSerdeConfig.KEY_SUBJECT_NAME_STRATEGY,
                String.class.getName())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("does not implement");
    }

    @Test
    void rejectsUnknownRegistryKeysAndUnsupportedConfluentKeys() {
        assertThatThrownBy(() -> AvroSerdeConfig.parse(props("schema.registry.basic.auth.user.info", "u:p")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("not supported");
        assertThatThrownBy(() -> AvroSerdeConfig.parse(props("basic.auth.credentials.source", "USER_INFO")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("basic.auth.credentials.source");
    }
}
