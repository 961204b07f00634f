package it.rete.partner.support;

import java.util.LinkedHashMap;
import java.util.Map;

import it.rete.localnetwork.OperatorKeys;

/** One random key per role for a partner of the test network, and the settings that configure their hashes. */
public record ApiClientKeys(String operator, String viewer, String monitoring) {

    public static ApiClientKeys random() {
        return new ApiClientKeys(newKey(), newKey(), newKey());
    }

    /** 32 random bytes, base64url without padding, as the local network generates them. */
    public static String newKey() {
        return OperatorKeys.newKey();
    }

    Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.putAll(OperatorKeys.clientSettings(0, "operator-desk", operator, "OPERATOR"));
        settings.putAll(OperatorKeys.clientSettings(1, "case-viewer", viewer, "VIEWER"));
        settings.putAll(OperatorKeys.clientSettings(2, "monitoring", monitoring, "MONITORING"));
        return settings;
    }
}
