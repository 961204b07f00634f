package it.rete.audit.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

import it.rete.plumbing.serde.WireFormat;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.util.RandomData;
import org.apache.avro.util.Utf8;
import org.junit.jupiter.api.Test;

/**
 * The projection gives what the generic decode and {@link LedgerEvent#of} give, on random events of every event
 * type of every released contract version, and never accepts a body the generic path rejects.
 */
class EventProjectionTest {

    private static final Path RELEASED = Path.of("../../schemas/released");
    private static final Position AT = new Position("rete.a.events", 2, 17);

    /** Every event schema of every released version, by "version/name". */
    static Map<String, Schema> releasedEventSchemas() throws IOException {
        Map<String, Schema> schemas = new TreeMap<>();
        try (Stream<Path> versions = Files.list(RELEASED)) {
            for (Path version : versions.sorted().toList()) {
                Schema.Parser parser = new Schema.Parser();
                List<Path> pending = new ArrayList<>();
                for (String dir : new String[] {"common", "keys", "directory", "events"}) {
                    if (Files.isDirectory(version.resolve(dir))) {
                        try (Stream<Path> files = Files.list(version.resolve(dir))) {
                            pending.addAll(files.filter(f -> f.toString().endsWith(".avsc")).sorted().toList());
                        }
                    }
                }
                // named types referenced across files: parse until every file is in
                for (int round = 0; !pending.isEmpty() && round < 10; round++) {
                    List<Path> failed = new ArrayList<>();
                    for (Path file : pending) {
                        try {
                            Schema schema = parser.parse(file.toFile());
                            if (file.getParent().getFileName().toString().equals("events")) {
                                schemas.put(version.getFileName() + "/" + schema.getName(), schema);
                            }
                        } catch (SchemaParseException e) {
                            failed.add(file);
                        }
                    }
                    pending = failed;
                }
                assertThat(pending).as("unparsed schemas of " + version).isEmpty();
            }
        }
        return schemas;
    }

    @Test
    void coversEveryReleasedEventType() throws IOException {
        Map<String, Schema> schemas = releasedEventSchemas();
        assertThat(schemas.keySet()).contains("v1/ReferralSent", "v2/CaseErased", "v3/ReferralExpired");
        assertThat(schemas).hasSizeGreaterThanOrEqualTo(9 + 10 + 13);
        schemas.forEach((name, schema) -> assertThat(EventProjection.compile(schema)).as(name).isNotNull());
    }

    @Test
    void projectionEqualsGenericDecodeOnRandomEvents() throws IOException {
        int id = 40;
        int checked = 0;
        for (var entry : releasedEventSchemas().entrySet()) {
            Schema schema = entry.getValue();
            EventDecoder decoder = new EventDecoder();
            decoder.learn(++id, schema);
            Random random = new Random(id);
            for (Object datum : new RandomData(schema, 300, id)) {
                GenericRecord event = (GenericRecord) datum;
                withValidIds(event, random);
                byte[] framed = WireFormat.frame(id, encode(schema, event));
                Decoded generic = generic(schema, framed);
                assertThat(generic.event()).as(entry.getKey()).isNotNull();
                LedgerEvent projected = decoder.decode(framed, AT, 1234L);
                assertThat(projected).as(entry.getKey() + " " + event).isEqualTo(generic.event());
                assertThat(decoder.previousEventHash()).isEqualTo(generic.previousHash());
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(9000);
    }

    @Test
    void neverAcceptsWhatTheGenericPathRejects() throws IOException {
        int id = 400;
        long accepted = 0;
        long fellBack = 0;
        for (var entry : releasedEventSchemas().entrySet()) {
            Schema schema = entry.getValue();
            EventDecoder decoder = new EventDecoder();
            decoder.learn(++id, schema);
            Random random = new Random(id);
            for (Object datum : new RandomData(schema, 100, id)) {
                GenericRecord event = (GenericRecord) datum;
                if (random.nextBoolean()) {
                    withValidIds(event, random); // else ids are random text: UUID parsing fails both ways
                }
                byte[] framed = WireFormat.frame(id, encode(schema, event));
                for (int variant = 0; variant < 20; variant++) {
                    byte[] damaged = damage(framed, random);
                    Decoded generic = generic(schema, damaged);
                    LedgerEvent projected = decoder.decode(damaged, AT, 1234L);
                    if (projected == null) {
                        fellBack++;
                        continue;
                    }
                    accepted++;
                    assertThat(generic.event()).as(entry.getKey() + " variant " + variant).isNotNull();
                    assertThat(projected).isEqualTo(generic.event());
                    assertThat(decoder.previousEventHash()).isEqualTo(generic.previousHash());
                }
            }
        }
        assertThat(accepted).isPositive();
        assertThat(fellBack).isPositive();
    }

    @Test
    void unknownSchemasAndUnframedValuesGoTheGenericWay() throws IOException {
        Schema schema = releasedEventSchemas().get("v3/ReferralSent");
        GenericRecord event = (GenericRecord) new RandomData(schema, 1, 7L).iterator().next();
        withValidIds(event, new Random(7));
        byte[] framed = WireFormat.frame(9, encode(schema, event));
        EventDecoder decoder = new EventDecoder();
        assertThat(decoder.decode(framed, AT, 0)).isNull(); // not learned yet
        decoder.learn(9, null); // not a record: always the generic way
        assertThat(decoder.decode(framed, AT, 0)).isNull();
        assertThat(decoder.decode(new byte[0], AT, 0)).isNull();
        assertThat(decoder.decode(null, AT, 0)).isNull();
        framed[0] = 1;
        EventDecoder other = new EventDecoder();
        other.learn(9, schema);
        assertThat(other.decode(framed, AT, 0)).isNull(); // wrong magic byte
        // not a contract event (another namespace): not compiled
        Schema foreign = new Schema.Parser().parse(schema.toString().replace("\"it.rete.contracts\"",
                "\"org.example\""));
        assertThat(EventProjection.compile(foreign)).isNull();
    }

    private static byte[] damage(byte[] framed, Random random) {
        byte[] copy;
        switch (random.nextInt(3)) {
            case 0 -> copy = java.util.Arrays.copyOf(framed, WireFormat.HEADER_SIZE
                    + random.nextInt(framed.length - WireFormat.HEADER_SIZE + 1)); // truncated
            case 1 -> {
                copy = framed.clone();
                for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                    int at = WireFormat.HEADER_SIZE + random.nextInt(copy.length - WireFormat.HEADER_SIZE);
                    copy[at] = (byte) random.nextInt(256);
                }
            }
            default -> copy = framed.clone(); // intact
        }
        return copy;
    }

    /** Canonical (sometimes upper-case or short) UUID text where the contracts have UUIDs. */
    private static void withValidIds(GenericRecord event, Random random) {
        GenericRecord envelope = (GenericRecord) event.get("envelope");
        envelope.put("eventId", uuidText(random));
        if (envelope.get("causationId") != null) {
            envelope.put("causationId", uuidText(random));
        }
        for (String field : new String[] {"referralId", "placementId"}) {
            if (event.getSchema().getField(field) != null) {
                event.put(field, uuidText(random));
            }
        }
    }

    private static Utf8 uuidText(Random random) {
        String text = new UUID(random.nextLong(), random.nextLong()).toString();
        return new Utf8(switch (random.nextInt(10)) {
            case 0 -> text.toUpperCase(java.util.Locale.ROOT);
            case 1 -> "1-2-3-4-5"; // not canonical, still a UUID for UUID.fromString
            default -> text;
        });
    }

    private static byte[] encode(Schema schema, GenericRecord event) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new GenericDatumWriter<GenericRecord>(schema).write(event, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Decoded(LedgerEvent event, String previousHash) {
    }

    /** What the reader's generic path gives (as plumbing's AvroDeserializer decodes), or nulls when it fails. */
    private static Decoded generic(Schema schema, byte[] framed) {
        try {
            Object value = new GenericDatumReader<>(schema, schema, GenericData.get()).read(null, DecoderFactory.get()
                    .binaryDecoder(framed, WireFormat.HEADER_SIZE, framed.length - WireFormat.HEADER_SIZE, null));
            GenericRecord record = (GenericRecord) value;
            LedgerEvent event = LedgerEvent.of(record, AT, 1234L);
            return new Decoded(event, event == null ? null : LedgerEvent.previousEventHash(record));
        } catch (IOException | RuntimeException e) {
            return new Decoded(null, null);
        }
    }
}
