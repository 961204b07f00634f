package it.rete.audit.ledger;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import it.rete.plumbing.serde.WireFormat;

/**
 * The ledger's event hash ({@code it.rete.plumbing.outbox.HashChain#eventHash}: lowercase hex SHA-256 of the Avro
 * body after the 5-byte header), computed in place with one digest per replay instead of copying each body.
 */
public final class ChainHash {

    private static final HexFormat HEX = HexFormat.of();

    private final MessageDigest sha256;

    public ChainHash() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is a required JCA algorithm", e);
        }
    }

    /** The hash of a framed value; throws when the value is not Confluent-framed. */
    public String of(byte[] framedValue) {
        WireFormat.schemaId(framedValue); // checks the header
        sha256.update(framedValue, WireFormat.HEADER_SIZE, framedValue.length - WireFormat.HEADER_SIZE);
        return HEX.formatHex(sha256.digest());
    }
}
