package it.rete.loadgen.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import it.rete.contracts.ReferralSent;
import it.rete.localnetwork.SchemaRegistryServer;
import it.rete.plumbing.serde.AvroDeserializer;
import it.rete.plumbing.serde.AvroSerializer;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost per event of the project's serde (Confluent framing, schema id from the registry, cached after the first
 * event) against plain Avro binary with the same generated classes and no framing. The registry is the project's,
 * in its own process; after the first call neither serde talks to it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
// Avro 1.12 loads only classes of trusted packages, as an application using plain Avro must configure
@Fork(value = 1, jvmArgsAppend = "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=it.rete.contracts")
public class SerdeBenchmark {

    private static final String TOPIC = "rete.prefettura-sui.events";

    private SchemaRegistryServer registry;
    private AvroSerializer serializer;
    private AvroDeserializer deserializer;
    private ReferralSent event;
    private byte[] framed;

    private final SpecificDatumWriter<ReferralSent> plainWriter = new SpecificDatumWriter<>(ReferralSent.class);
    private final SpecificDatumReader<ReferralSent> plainReader = new SpecificDatumReader<>(ReferralSent.class);
    private final ByteArrayOutputStream plainOut = new ByteArrayOutputStream(512);
    private BinaryEncoder encoder;
    private BinaryDecoder decoder;
    private byte[] plain;

    @Setup
    public void setUp() throws IOException {
        registry = SchemaRegistryServer.start();
        Map<String, Object> config = Map.of("schema.registry.url", registry.url(),
                "value.subject.name.strategy", "io.confluent.kafka.serializers.subject.RecordNameStrategy",
                "specific.avro.reader", true);
        serializer = new AvroSerializer();
        serializer.configure(config, false);
        deserializer = new AvroDeserializer();
        deserializer.configure(config, false);
        event = Events.referralSent();
        framed = serializer.serialize(TOPIC, event);
        deserializer.deserialize(TOPIC, framed);
        plain = plainSerialize();
    }

    @TearDown
    public void tearDown() {
        registry.close();
    }

    @Benchmark
    public byte[] plumbingSerialize() {
        return serializer.serialize(TOPIC, event);
    }

    @Benchmark
    public Object plumbingDeserialize() {
        return deserializer.deserialize(TOPIC, framed);
    }

    @Benchmark
    public byte[] plainSerialize() throws IOException {
        plainOut.reset();
        encoder = EncoderFactory.get().binaryEncoder(plainOut, encoder);
        plainWriter.write(event, encoder);
        encoder.flush();
        return plainOut.toByteArray();
    }

    @Benchmark
    public ReferralSent plainDeserialize() throws IOException {
        decoder = DecoderFactory.get().binaryDecoder(plain, decoder);
        return plainReader.read(null, decoder);
    }
}
