package it.rete.localnetwork;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The operator API key of each partner of the local network, and of its cabina di regia: generated at the first
 * start (32 random bytes, base64url), kept in {@code <state>/<member>/operator.key}, and given to the service's
 * process only as its SHA-256 in {@value #HASH_VARIABLE}.
 */
public final class OperatorKeys {

    public static final String KEY_FILE = "operator.key";
    /** The variable the partner service and the cabina di regia read the operator client's key hash from. */
    public static final String HASH_VARIABLE = "RETE_OPERATOR_KEY_SHA256";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]{32,256}");

    private OperatorKeys() {
    }

    public static Path keyFile(Path state, String partnerId) {
        return state.resolve(partnerId).resolve(KEY_FILE);
    }

    /** The partner's key, created on first use; a file that does not hold a key is refused rather than replaced. */
    public static String keyOf(Path state, String partnerId) {
        Path file = keyFile(state, partnerId);
        try {
            if (Files.exists(file)) {
                String key = Files.readString(file, StandardCharsets.US_ASCII).strip();
                if (!KEY.matcher(key).matches()) {
                    throw new IllegalStateException(file + " does not hold an API key (base64url, 32 to 256 "
                            + "characters); delete it to get a new one");
                }
                return key;
            }
            Files.createDirectories(file.getParent());
            String key = newKey();
            Path temporary = file.resolveSibling(KEY_FILE + ".tmp");
            Files.writeString(temporary, key + "\n", StandardCharsets.US_ASCII);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
            }
            Files.move(temporary, file);
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create " + file, e);
        }
    }

    /** A new key: 32 random bytes, base64url without padding. */
    public static String newKey() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * The settings ({@code rete.api.clients[index]}) that make a service accept {@code key} for a client named
     * {@code name} with one role, as an application.yml next to the jar or a test would give them.
     */
    public static Map<String, String> clientSettings(int index, String name, String key, String role) {
        String prefix = "rete.api.clients[" + index + "].";
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(prefix + "name", name);
        settings.put(prefix + "key-sha256", sha256Hex(key));
        settings.put(prefix + "roles", role);
        return settings;
    }

    /** Lowercase hex SHA-256 of the UTF-8 key, as the partner service compares keys. */
    public static String sha256Hex(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
