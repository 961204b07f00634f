package it.rete.audit.spill;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Small numbers for the strings that repeat in spilled records (partner ids, topics, coded values), so that a
 * record spills a number instead of the text and reads back the same String instance instead of a new one. Bounded:
 * past {@code capacity} strings, or for long ones, {@link ByteWriter#putString(String, StringDictionary)} writes
 * the text itself. Lives as long as the spill files written with it.
 */
public final class StringDictionary {

    static final int NULL = 0;
    static final int INLINE = 1;
    static final int FIRST_ID = 2;

    private final int capacity;
    private final int maxLength;
    private final Map<String, Integer> codes = new HashMap<>();
    private final List<String> strings = new ArrayList<>();

    public StringDictionary(int capacity, int maxLength) {
        this.capacity = capacity;
        this.maxLength = maxLength;
    }

    /** The code written for {@code value}: NULL, INLINE (the text follows) or FIRST_ID + its number. */
    int code(String value) {
        if (value == null) {
            return NULL;
        }
        Integer code = codes.get(value);
        if (code != null) {
            return code;
        }
        if (strings.size() >= capacity || value.length() > maxLength) {
            return INLINE;
        }
        code = FIRST_ID + strings.size();
        strings.add(value);
        codes.put(value, code);
        return code;
    }

    String string(int code) {
        return strings.get(code - FIRST_ID);
    }
}
