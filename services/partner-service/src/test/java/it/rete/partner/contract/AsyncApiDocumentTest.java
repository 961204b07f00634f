package it.rete.partner.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import it.rete.localnetwork.security.NetworkAccess;
import it.rete.plumbing.ledger.LedgerTopics;
import it.rete.plumbing.relay.CloudEventHeaders;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.support.KafkaHeaders;
import org.yaml.snakeyaml.Yaml;

/**
 * docs/asyncapi.yaml against the code: every Avro schema, topic and header the code has is in the document, and
 * the document names nothing the code does not have. Everything is enumerated from the code and the schema files,
 * so a new schema, topic or header makes this fail until it is documented.
 */
class AsyncApiDocumentTest {

    private static final Path ROOT = Path.of("../..");
    private static final Path DOCUMENT = ROOT.resolve("docs/asyncapi.yaml");
    private static final Path AVRO = ROOT.resolve("schemas/src/main/avro");
    private static final Path SERVICE_CONFIG = Path.of("src/main/resources/application.yml");
    /** Stands for a member's name when topic names are turned into channel address templates. */
    private static final String MEMBER = "member-placeholder";
    private static final Pattern ADDRESS_PARAMETER = Pattern.compile("\\{[A-Za-z]+}");

    private static Map<String, Object> document;

    @BeforeAll
    static void readDocument() throws IOException {
        document = new Yaml().load(Files.readString(DOCUMENT));
    }

    @Test
    void itIsAnAsyncApi3Document() {
        assertThat(String.valueOf(document.get("asyncapi"))).startsWith("3.");
        assertThat(map(document, "channels")).isNotEmpty();
        assertThat(map(document, "operations")).isNotEmpty();
    }

    @Test
    void everyAvroSchemaIsReferencedByPathAndEveryReferenceExists() throws IOException {
        Set<Path> files = avroFiles();
        assertThat(files).isNotEmpty();
        Set<Path> referenced = new TreeSet<>();
        for (String ref : refs(document)) {
            if (!ref.startsWith("#")) {
                Path file = DOCUMENT.getParent().resolve(ref).normalize();
                assertThat(file).as("$ref %s", ref).exists();
                referenced.add(file);
            }
        }
        assertThat(referenced).as("Avro schemas referenced by docs/asyncapi.yaml")
                .containsExactlyInAnyOrderElementsOf(files);
    }

    @Test
    void theLedgerCarriesExactlyTheEvents() throws IOException {
        Set<Path> events = new TreeSet<>();
        for (Path file : avroFiles()) {
            if (parse(file).isEvent()) {
                events.add(file);
            }
        }
        assertThat(events).isNotEmpty();
        Set<Path> onLedger = messagePayloads(channelByAddress(LedgerTopics.ledger(MEMBER)));
        assertThat(onLedger).as("messages of the ledger channel").containsExactlyInAnyOrderElementsOf(events);

        // each message is named after its record, as ce_type and the registry subject are
        for (Map<String, Object> message : channelMessages(channelByAddress(LedgerTopics.ledger(MEMBER)))) {
            assertThat(message.get("name")).isEqualTo(parse(payloadFile(message)).fullName());
        }
    }

    @Test
    void theKeyDirectoryCarriesThePartnerKey() throws IOException {
        Set<Path> payloads = messagePayloads(channelByAddress(LedgerTopics.keyDirectory(MEMBER)));
        assertThat(payloads).hasSize(1);
        assertThat(parse(payloads.iterator().next()).fullName()).isEqualTo(
                it.rete.contracts.PartnerKey.getClassSchema().getFullName());
    }

    @Test
    void everyTopicOfTheCodeIsAChannelAndEveryChannelATopic() throws Exception {
        Set<String> fromCode = new TreeSet<>();
        for (Class<?> names : List.of(LedgerTopics.class, NetworkAccess.class)) {
            for (Method method : names.getMethods()) {
                if (Modifier.isStatic(method.getModifiers()) && method.getReturnType() == String.class
                        && method.getParameterCount() == 1 && method.getParameterTypes()[0] == String.class) {
                    Object name = method.invoke(null, MEMBER);
                    if (name != null && name.toString().contains(MEMBER)) {
                        fromCode.add(template(name.toString()));
                    }
                }
            }
        }
        for (NewTopic topic : topicsOfTheCode()) {
            fromCode.add(template(topic.name()));
        }
        Set<String> documented = new TreeSet<>();
        for (Map<String, Object> channel : channels()) {
            documented.add(template(String.valueOf(channel.get("address"))));
        }
        assertThat(documented).as("channel addresses of docs/asyncapi.yaml").isEqualTo(fromCode);
        // the ledger channel is what the consumers' pattern subscription matches
        assertThat(LedgerTopics.ALL_LEDGERS.matcher(LedgerTopics.ledger("lule-outreach")).matches()).isTrue();
    }

    @Test
    void everyTopicIsDocumentedWithTheConfigurationItIsCreatedWith() throws Exception {
        for (NewTopic topic : topicsOfTheCode()) {
            Map<String, Object> kafka = map(map(channelByAddress(topic.name()), "bindings"), "kafka");
            if (topic.numPartitions() > 0) {
                assertThat(kafka.get("partitions")).as("partitions of %s", topic.name())
                        .isEqualTo(topic.numPartitions());
            }
            Map<String, Object> documented = map(kafka, "topicConfiguration");
            Map<String, String> configs = topic.configs();
            assertThat(documented.get(TopicConfig.CLEANUP_POLICY_CONFIG)).as("cleanup.policy of %s", topic.name())
                    .isEqualTo(List.of(configs.get(TopicConfig.CLEANUP_POLICY_CONFIG)));
            for (String setting : List.of(TopicConfig.RETENTION_MS_CONFIG, TopicConfig.RETENTION_BYTES_CONFIG)) {
                assertThat(documented.get(setting) == null ? null : String.valueOf(documented.get(setting)))
                        .as("%s of %s", setting, topic.name()).isEqualTo(configs.get(setting));
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void ledgerRecordsCarryExactlyTheCloudEventHeadersTheRelayWrites() throws IllegalAccessException {
        Set<String> fromCode = new TreeSet<>();
        for (Field field : CloudEventHeaders.class.getFields()) {
            if (isConstant(field) && (field.getName().startsWith("CE_") || field.getName().equals("CONTENT_TYPE"))) {
                fromCode.add((String) field.get(null));
            }
        }
        assertThat(fromCode).contains(CloudEventHeaders.CE_ID, CloudEventHeaders.CONTENT_TYPE);
        for (Map<String, Object> message : channelMessages(channelByAddress(LedgerTopics.ledger(MEMBER)))) {
            Map<String, Object> headers = headersOf(message);
            assertThat(map(headers, "properties").keySet()).as("headers of %s", message.get("name"))
                    .containsExactlyInAnyOrderElementsOf(fromCode);
            assertThat((Collection<Object>) headers.get("required")).containsExactlyInAnyOrderElementsOf(fromCode);
        }
    }

    @Test
    void deadLettersCarryTheReasonHeadersAndTheOriginalOnes() throws IllegalAccessException {
        Set<String> fromCode = new TreeSet<>();
        for (Field field : KafkaHeaders.class.getFields()) {
            if (isConstant(field) && field.getName().startsWith("DLT_")) {
                fromCode.add((String) field.get(null));
            }
        }
        for (Field field : CloudEventHeaders.class.getFields()) {
            if (isConstant(field) && (field.getName().startsWith("CE_") || field.getName().equals("CONTENT_TYPE"))) {
                fromCode.add((String) field.get(null));
            }
        }
        List<Map<String, Object>> messages = channelMessages(channelByAddress(LedgerTopics.deadLetter(MEMBER)));
        assertThat(messages).hasSize(1);
        assertThat(map(headersOf(messages.get(0)), "properties").keySet())
                .containsExactlyInAnyOrderElementsOf(fromCode);
    }

    @Test
    void avroMessagesNameTheWireFormatAndTheSubjectStrategyTheServicesUse() throws IOException {
        Map<String, Object> config = new Yaml().load(Files.readString(SERVICE_CONFIG));
        String strategy = String.valueOf(map(map(map(config, "spring"), "kafka"), "properties")
                .get("value.subject.name.strategy"));
        String strategyName = strategy.substring(strategy.lastIndexOf('.') + 1);
        int avroMessages = 0;
        for (Map<String, Object> channel : channels()) {
            for (Map<String, Object> message : channelMessages(channel)) {
                if (!"application/avro".equals(contentTypeOf(message))) {
                    continue;
                }
                avroMessages++;
                Map<String, Object> kafka = kafkaBindingOf(message);
                assertThat(kafka.get("schemaIdLocation")).as("%s", message.get("name")).isEqualTo("payload");
                assertThat(kafka.get("schemaIdPayloadEncoding")).isEqualTo("confluent");
                assertThat(kafka.get("schemaLookupStrategy")).isEqualTo(strategyName);
                assertThat(map(kafka, "key").get("type")).isEqualTo("string");
            }
        }
        assertThat(avroMessages).isGreaterThan(1);
    }

    @Test
    void everyOperationUsesADocumentedChannel() {
        for (Object value : map(document, "operations").values()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> operation = (Map<String, Object>) value;
            assertThat(operation.get("action")).isIn("send", "receive");
            assertThat(resolve(map(operation, "channel"))).isNotNull();
        }
    }

    // --- the code's side

    private static Set<Path> avroFiles() throws IOException {
        try (Stream<Path> files = Files.walk(AVRO)) {
            return files.filter(f -> f.toString().endsWith(".avsc")).map(Path::normalize)
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /** The top level of an .avsc file (JSON, which SnakeYAML reads too). */
    private static AvroRecord parse(Path file) throws IOException {
        Map<String, Object> schema = new Yaml().load(Files.readString(file));
        List<String> fields = new ArrayList<>();
        if (schema.get("fields") instanceof List<?> list) {
            list.forEach(f -> fields.add(String.valueOf(asMap(f).get("name"))));
        }
        return new AvroRecord(schema.get("namespace") + "." + schema.get("name"), fields);
    }

    private record AvroRecord(String fullName, List<String> fields) {
        boolean isEvent() {
            return fields.contains("envelope");
        }
    }

    /** Every topic the administrator and the services create, for one partner and one monitor. */
    private static List<NewTopic> topicsOfTheCode() throws Exception {
        List<NewTopic> topics = new ArrayList<>(NetworkAccess.of(List.of(MEMBER)).topics((short) 1, 3));
        for (Method method : LedgerTopics.class.getMethods()) {
            if (Modifier.isStatic(method.getModifiers()) && method.getReturnType() == NewTopic.class) {
                Object[] args = new Object[method.getParameterCount()];
                Class<?>[] types = method.getParameterTypes();
                for (int i = 0; i < args.length; i++) {
                    args[i] = types[i] == String.class ? MEMBER : types[i] == int.class ? 3 : (Object) (short) 1;
                }
                topics.add((NewTopic) method.invoke(null, args));
            }
        }
        return topics;
    }

    /** A topic name with its member's name (or an address with its parameter) as {@code {member}}. */
    private static String template(String address) {
        String template = address;
        for (NetworkAccess.Member member : NetworkAccess.of(List.of(MEMBER)).members()) {
            template = template.replace("." + member.name() + ".", ".{member}.");
        }
        return ADDRESS_PARAMETER.matcher(template).replaceAll("{member}");
    }

    private static boolean isConstant(Field field) {
        int modifiers = field.getModifiers();
        return Modifier.isStatic(modifiers) && Modifier.isFinal(modifiers) && field.getType() == String.class;
    }

    // --- the document's side

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> channels() {
        return map(document, "channels").values().stream().map(c -> (Map<String, Object>) c).toList();
    }

    private static Map<String, Object> channelByAddress(String topic) {
        String wanted = template(topic);
        return channels().stream().filter(c -> template(String.valueOf(c.get("address"))).equals(wanted))
                .findFirst().orElseThrow(() -> new AssertionError("No channel for topic " + topic));
    }

    private static List<Map<String, Object>> channelMessages(Map<String, Object> channel) {
        List<Map<String, Object>> messages = new ArrayList<>();
        for (Object message : map(channel, "messages").values()) {
            messages.add(resolve(asMap(message)));
        }
        return messages;
    }

    private static Set<Path> messagePayloads(Map<String, Object> channel) {
        return channelMessages(channel).stream().map(AsyncApiDocumentTest::payloadFile)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Path payloadFile(Map<String, Object> message) {
        String ref = String.valueOf(map(map(message, "payload"), "schema").get("$ref"));
        return DOCUMENT.getParent().resolve(ref).normalize();
    }

    /** The message's headers schema, its own or its traits'. */
    private static Map<String, Object> headersOf(Map<String, Object> message) {
        return resolve(asMap(fromMessageOrTraits(message, "headers")));
    }

    private static String contentTypeOf(Map<String, Object> message) {
        return String.valueOf(fromMessageOrTraits(message, "contentType"));
    }

    private static Map<String, Object> kafkaBindingOf(Map<String, Object> message) {
        return map(asMap(fromMessageOrTraits(message, "bindings")), "kafka");
    }

    private static Object fromMessageOrTraits(Map<String, Object> message, String key) {
        if (message.containsKey(key)) {
            return message.get(key);
        }
        Object traits = message.get("traits");
        if (traits instanceof List<?> list) {
            for (Object trait : list) {
                Map<String, Object> resolved = resolve(asMap(trait));
                if (resolved.containsKey(key)) {
                    return resolved.get(key);
                }
            }
        }
        throw new AssertionError("Message " + message.get("name") + " has no " + key);
    }

    /** A local {@code $ref} ("#/components/...") followed, or the object itself. */
    private static Map<String, Object> resolve(Map<String, Object> object) {
        Object ref = object.get("$ref");
        if (!(ref instanceof String pointer) || !pointer.startsWith("#/")) {
            return object;
        }
        Map<String, Object> target = document;
        for (String part : pointer.substring(2).split("/")) {
            target = map(target, part);
        }
        return resolve(target);
    }

    /** Every {@code $ref} value anywhere in the tree. */
    private static List<String> refs(Object node) {
        List<String> refs = new ArrayList<>();
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                if ("$ref".equals(key)) {
                    refs.add(String.valueOf(value));
                } else {
                    refs.addAll(refs(value));
                }
            });
        } else if (node instanceof List<?> list) {
            list.forEach(item -> refs.addAll(refs(item)));
        }
        return refs;
    }

    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        if (value == null) {
            throw new AssertionError("docs/asyncapi.yaml: missing '" + key + "' in " + parent.keySet());
        }
        return asMap(value);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        if (!(value instanceof Map<?, ?>)) {
            throw new AssertionError("docs/asyncapi.yaml: expected an object, found " + value);
        }
        return (Map<String, Object>) value;
    }
}
