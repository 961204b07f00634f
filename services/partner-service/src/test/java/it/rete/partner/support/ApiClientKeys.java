package it.rete.partner.support;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import it.rete.plumbing.apiaccess.ApiKeys;

/** One random key per role for a partner of the test network, and the settings that configure their hashes. */
public record ApiClientKeys(String operator, String viewer, String monitoring) {

    private static final SecureRandom RANDOM = new SecureRandom();

    public static ApiClientKeys random() {
        return new ApiClientKeys(newKey(), newKey(), newKey());
    }

    /** 32 random bytes, base64url without padding, as the local network generates them. */
    public static String newKey() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        client(settings, 0, "operator-desk", operator, "OPERATOR");
        client(settings, 1, "case-viewer", viewer, "VIEWER");
        client(settings, 2, "monitoring", monitoring, "MONITORING");
        return settings;
    }

    private static void client(Map<String, String> settings, int index, String name, String key, String role) {
        String prefix = "rete.api.clients[" + index + "].";
        settings.put(prefix + "name", name);
        settings.put(prefix + "key-sha256", ApiKeys.sha256Hex(key));
        settings.put(prefix + "roles", role);
    }
}
