package it.rete.partner.support;

import java.util.Map;

import it.rete.plumbing.serde.AvroDeserializer;
import it.rete.plumbing.serde.AvroSerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/** The project's serde, configured as the partner services configure it, for tests that read or forge records. */
public final class Avro {

    private Avro() {
    }

    public static Serializer<Object> serializer(String registryUrl) {
        var serializer = new AvroSerializer();
        serializer.configure(Map.of("schema.registry.url", registryUrl,
                "value.subject.name.strategy", "io.confluent.kafka.serializers.subject.RecordNameStrategy"), false);
        return serializer;
    }

    public static Deserializer<Object> deserializer(String registryUrl) {
        var deserializer = new AvroDeserializer();
        deserializer.configure(Map.of("schema.registry.url", registryUrl, "specific.avro.reader", true), false);
        return deserializer;
    }
}
