package it.rete.plumbing.outbox;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

import it.rete.plumbing.serde.WireFormat;

/**
 * The ledger's hash chain: an event's hash is the lowercase hex SHA-256 of its Avro body (the Kafka value without
 * the 5-byte Confluent header, so that it does not depend on registry ids), and event n+1 carries event n's hash.
 */
public final class HashChain {

    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
    private static final HexFormat HEX = HexFormat.of();

    private HashChain() {
    }

    /** The hash of an event from its Kafka value (Confluent-framed Avro). */
    public static String eventHash(byte[] framedValue) {
        return sha256Hex(WireFormat.avroBody(framedValue));
    }

    public static String sha256Hex(byte[] bytes) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is a required JCA algorithm", e);
        }
    }

    public static boolean isHash(String value) {
        return value != null && HASH.matcher(value).matches();
    }

    /** The position after a ledger head; a head that does not exist yet is the genesis position. */
    public static LedgerPosition nextPosition(long lastSequence, String lastHash) {
        return lastSequence == 0 ? LedgerPosition.genesis() : new LedgerPosition(lastSequence + 1, lastHash);
    }
}
