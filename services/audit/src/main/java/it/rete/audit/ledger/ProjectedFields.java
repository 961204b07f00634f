package it.rete.audit.ledger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.util.Utf8;

/**
 * The fields one {@link EventProjection} walk extracts, reused from event to event by one decoding thread. Strings
 * that repeat from event to event (partner ids, codes) are read back as the same {@link String} instances from a
 * bounded table instead of new ones; ids are parsed from their bytes.
 */
final class ProjectedFields {

    // text slots
    static final int SOURCE = 0;
    static final int CASE_ID = 1;
    static final int CORRELATION_ID = 2;
    static final int PREVIOUS_HASH = 3;
    static final int SENDER = 4;
    static final int TO_PARTNER = 5;
    static final int SERVICE_TYPE = 6;
    static final int URGENCY = 7;
    static final int OUTCOME = 8;
    static final int REASON_CODE = 9;
    static final int KIND = 10;
    static final int CONTRACT_TYPE = 11;
    static final int START_DATE = 12;
    static final int PURPOSES = 13;
    static final int RECIPIENTS = 14;
    static final int LEGAL_BASIS = 15;
    static final int SECTOR = 16;
    static final int INTAKE_CHANNEL = 17;
    /** The current item of an array being joined. */
    static final int ITEM = 18;
    private static final int TEXT_SLOTS = 19;
    // uuid slots
    static final int EVENT_ID = 0;
    static final int CAUSATION_ID = 1;
    static final int REFERRAL_ID = 2;
    // long slots
    static final int OCCURRED_AT = 0;
    static final int SEQUENCE = 1;
    static final int DUE_BY = 2;

    private final String[] texts = new String[TEXT_SLOTS];
    /** Text slots read as raw bytes, turned into strings only when the event is built. */
    private final Utf8[] raw = new Utf8[TEXT_SLOTS];
    private final boolean[] rawSet = new boolean[TEXT_SLOTS];
    private final UUID[] uuids = new UUID[3];
    private final long[] longs = new long[3];
    private final Utf8 scratch = new Utf8();
    private final SharedStrings shared = new SharedStrings();
    private final Map<Integer, String> dates = new HashMap<>();
    private final StringBuilder join = new StringBuilder();
    private int joinCount;
    private String firstItem;

    ProjectedFields() {
        for (int i = 0; i < TEXT_SLOTS; i++) {
            raw[i] = new Utf8();
        }
    }

    void clear() {
        Arrays.fill(texts, null);
        Arrays.fill(rawSet, false);
        Arrays.fill(uuids, null);
        Arrays.fill(longs, 0);
    }

    void set(int slot, String value) {
        texts[slot] = value;
        rawSet[slot] = false;
    }

    /** Reads a string: a shared instance for codes and partner ids, else raw bytes kept for {@link #event}. */
    void text(int slot, BinaryDecoder in, boolean sharedInstance) throws IOException {
        if (sharedInstance) {
            in.readString(scratch);
            set(slot, shared.of(scratch.getBytes(), scratch.getByteLength()));
        } else {
            in.readString(raw[slot]);
            texts[slot] = null;
            rawSet[slot] = true;
        }
    }

    void uuid(int slot, BinaryDecoder in) throws IOException {
        in.readString(scratch);
        UUID parsed = scratch.getByteLength() == 36 ? LedgerEvent.canonicalUuid(scratch.getBytes()) : null;
        uuids[slot] = parsed != null ? parsed : UUID.fromString(scratch.toString());
    }

    void setUuid(int slot, UUID value) {
        uuids[slot] = value;
    }

    void setLong(int slot, long value) {
        longs[slot] = value;
    }

    String dateText(int days) {
        String text = dates.get(days);
        if (text == null) {
            text = LocalDate.ofEpochDay(days).toString();
            if (dates.size() < 4096) {
                dates.put(days, text);
            }
        }
        return text;
    }

    void startJoin() {
        join.setLength(0);
        joinCount = 0;
        firstItem = null;
    }

    void joinItem() {
        String item = texts[ITEM];
        if (joinCount++ == 0) {
            firstItem = item;
        } else {
            if (joinCount == 2) {
                join.append(firstItem);
            }
            join.append(' ').append(item);
        }
    }

    void endJoin(int slot) {
        // one item (the usual case) is that item's shared string
        set(slot, joinCount == 0 ? "" : joinCount == 1 ? firstItem : join.toString());
    }

    private String text(int slot) {
        return rawSet[slot] ? raw[slot].toString() : texts[slot];
    }

    String previousEventHash() {
        return text(PREVIOUS_HASH);
    }

    /** The flat event, as {@link LedgerEvent#of} builds it from the generic record. */
    LedgerEvent event(EventType type, Position position, long recordTimestamp) {
        String source = text(SOURCE);
        String caseId = text(CASE_ID);
        String correlationId = rawSet[CORRELATION_ID] && rawSet[CASE_ID] && raw[CORRELATION_ID].equals(raw[CASE_ID])
                ? caseId : text(CORRELATION_ID);
        String sender = type == EventType.REFERRAL_SENT || type == EventType.REFERRAL_WITHDRAWN ? source
                : texts[SENDER];
        return new LedgerEvent(type, uuids[EVENT_ID], longs[OCCURRED_AT], source, caseId, correlationId,
                uuids[CAUSATION_ID], longs[SEQUENCE], uuids[REFERRAL_ID], sender, texts[TO_PARTNER],
                texts[SERVICE_TYPE], texts[URGENCY], longs[DUE_BY], texts[OUTCOME], texts[REASON_CODE], texts[KIND],
                texts[CONTRACT_TYPE], texts[START_DATE], texts[PURPOSES], texts[RECIPIENTS], texts[LEGAL_BASIS],
                texts[SECTOR], texts[INTAKE_CHANNEL], position, recordTimestamp);
    }

    /** Short strings by their UTF-8 bytes, in a bounded open-addressing table (full: new strings, still right). */
    static final class SharedStrings {
        private static final int SLOTS = 2048;
        private static final int MAX_ENTRIES = SLOTS / 2;
        private static final int MAX_LENGTH = 64;
        private final byte[][] keys = new byte[SLOTS][];
        private final String[] values = new String[SLOTS];
        private int entries;

        String of(byte[] bytes, int length) {
            if (length > MAX_LENGTH) {
                return new String(bytes, 0, length, StandardCharsets.UTF_8);
            }
            int hash = 1;
            for (int i = 0; i < length; i++) {
                hash = 31 * hash + bytes[i];
            }
            int slot = (hash ^ hash >>> 16) & (SLOTS - 1);
            while (keys[slot] != null) {
                byte[] key = keys[slot];
                if (Arrays.equals(key, 0, key.length, bytes, 0, length)) {
                    return values[slot];
                }
                slot = slot + 1 & (SLOTS - 1);
            }
            String value = new String(bytes, 0, length, StandardCharsets.UTF_8);
            if (entries < MAX_ENTRIES) {
                // one instance whichever thread's decoder met the text: the spill's dictionary then finds its key
                // by identity instead of comparing the characters
                value = value.intern();
                keys[slot] = Arrays.copyOf(bytes, length);
                values[slot] = value;
                entries++;
            }
            return value;
        }
    }
}
