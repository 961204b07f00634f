package it.rete.cabina.support;

import java.util.LinkedHashMap;
import java.util.Map;

import it.rete.localnetwork.OperatorKeys;

/** One random key per role for the cabina of the test network, and the settings that configure their hashes. */
public record ClientKeys(String operator, String viewer, String monitoring) {

    static ClientKeys random() {
        return new ClientKeys(OperatorKeys.newKey(), OperatorKeys.newKey(), OperatorKeys.newKey());
    }

    Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.putAll(OperatorKeys.clientSettings(0, "administrator", operator, "OPERATOR"));
        settings.putAll(OperatorKeys.clientSettings(1, "coordinator", viewer, "VIEWER"));
        settings.putAll(OperatorKeys.clientSettings(2, "monitoring", monitoring, "MONITORING"));
        return settings;
    }
}
