package it.rete.audit.ledger;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * A header name, told apart without turning the name into a string where it can. A parsed Kafka header
 * keeps its name as bytes until {@link Header#key()} decodes them, in a synchronized block, into a new string; verify
 * looks at the names of every record's headers, and that decoding took a fifth of its fetch thread's time
 * (docs/benchmarks.md, "Header names compared as bytes"). The bytes are read from {@link RecordHeader}'s field; when
 * the field is not there (another Kafka version) or the name was decoded already, {@link Header#key()} is used.
 */
public final class HeaderName {

    private static final VarHandle KEY_BUFFER = keyBufferField();

    private final byte[] name;
    private final String text;

    public HeaderName(String name) {
        this.text = name;
        this.name = name.getBytes(StandardCharsets.UTF_8);
    }

    private static VarHandle keyBufferField() {
        try {
            return MethodHandles.privateLookupIn(RecordHeader.class, MethodHandles.lookup())
                    .findVarHandle(RecordHeader.class, "keyBuffer", ByteBuffer.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** Whether the name bytes are read from the header rather than decoded (false: every name is decoded). */
    static boolean readsBytes() {
        return KEY_BUFFER != null;
    }

    /** Whether {@code header} is named this name. */
    public boolean named(Header header) {
        if (KEY_BUFFER != null && header instanceof RecordHeader) {
            // the name is decoded into a string at most once and the bytes are dropped then: null means decoded
            ByteBuffer bytes = (ByteBuffer) KEY_BUFFER.getAcquire(header);
            if (bytes != null) {
                return equal(bytes, name);
            }
        }
        return text.equals(header.key());
    }

    private static boolean equal(ByteBuffer bytes, byte[] expected) {
        int at = bytes.position();
        if (bytes.limit() - at != expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (bytes.get(at + i) != expected[i]) {
                return false;
            }
        }
        return true;
    }
}
