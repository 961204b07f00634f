package it.rete.plumbing.apiaccess;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Matches a presented API key against the configured clients by its SHA-256, in constant time: every client's
 * hash is compared in full, whether or not an earlier one matched, so timing tells nothing about the keys.
 */
public final class ApiKeys {

    /** Longer keys are refused without hashing them. */
    static final int MAX_KEY_LENGTH = 256;

    private final List<ApiAccessProperties.Client> clients;
    private final List<byte[]> hashes;

    public ApiKeys(List<ApiAccessProperties.Client> clients) {
        this.clients = clients.stream().filter(ApiAccessProperties.Client::enabled).toList();
        this.hashes = this.clients.stream().map(c -> HexFormat.of().parseHex(c.keySha256())).toList();
    }

    public boolean isEmpty() {
        return clients.isEmpty();
    }

    public Optional<ApiAccessProperties.Client> match(String presentedKey) {
        if (presentedKey == null || presentedKey.isEmpty() || presentedKey.length() > MAX_KEY_LENGTH) {
            return Optional.empty();
        }
        byte[] presented = sha256(presentedKey);
        ApiAccessProperties.Client found = null;
        for (int i = 0; i < hashes.size(); i++) {
            if (MessageDigest.isEqual(presented, hashes.get(i)) && found == null) {
                found = clients.get(i);
            }
        }
        return Optional.ofNullable(found);
    }

    /** The value to configure as a client's {@code key-sha256}: lowercase hex SHA-256 of the UTF-8 key. */
    public static String sha256Hex(String key) {
        return HexFormat.of().formatHex(sha256(key));
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
