package it.rete.audit.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;

class HeaderNameTest {

    private static final HeaderName CE_ID = new HeaderName("ce_id");

    /** A header as Kafka's record parsing builds it: name and value are slices of the fetched bytes. */
    private static RecordHeader parsed(String name) {
        ByteBuffer fetched = ByteBuffer.wrap(("xx" + name + "value").getBytes(StandardCharsets.UTF_8));
        fetched.position(2).limit(2 + name.length());
        ByteBuffer key = fetched.slice();
        ByteBuffer value = ByteBuffer.wrap("value".getBytes(StandardCharsets.UTF_8));
        return new RecordHeader(key, value);
    }

    private static Object decodedName(RecordHeader header) throws ReflectiveOperationException {
        Field key = RecordHeader.class.getDeclaredField("key");
        key.setAccessible(true);
        return key.get(header);
    }

    @Test
    void aParsedHeaderIsToldApartByItsBytesWithoutDecodingItsName() throws ReflectiveOperationException {
        assertThat(HeaderName.readsBytes()).as("this Kafka version keeps the name's bytes where it is read").isTrue();
        RecordHeader same = parsed("ce_id");
        assertThat(CE_ID.named(same)).isTrue();
        assertThat(decodedName(same)).isNull();
        for (String other : new String[] {"ce_ia", "ce_i", "ce_idx", "CE_ID", "", "ce_type"}) {
            RecordHeader header = parsed(other);
            assertThat(CE_ID.named(header)).as(other).isFalse();
            assertThat(decodedName(header)).isNull();
        }
        // the slice's position and limit are left as they were: the name still decodes whole
        assertThat(same.key()).isEqualTo("ce_id");
    }

    @Test
    void aDecodedOrBuiltHeaderIsToldApartByItsName() {
        RecordHeader decoded = parsed("ce_id");
        assertThat(decoded.key()).isEqualTo("ce_id");
        assertThat(CE_ID.named(decoded)).isTrue();
        assertThat(CE_ID.named(new RecordHeader("ce_id", new byte[0]))).isTrue();
        assertThat(CE_ID.named(new RecordHeader("ce_type", new byte[0]))).isFalse();
        Header foreign = new Header() {
            @Override
            public String key() {
                return "ce_id";
            }

            @Override
            public byte[] value() {
                return null;
            }
        };
        assertThat(CE_ID.named(foreign)).isTrue();
    }

    @Test
    void aNonAsciiNameIsComparedByItsUtf8Bytes() {
        ByteBuffer key = ByteBuffer.wrap("città".getBytes(StandardCharsets.UTF_8));
        assertThat(new HeaderName("città").named(new RecordHeader(key, null))).isTrue();
        assertThat(new HeaderName("citta").named(new RecordHeader(
                ByteBuffer.wrap("città".getBytes(StandardCharsets.UTF_8)), null))).isFalse();
    }
}
