package it.rete.plumbing.health;

import java.util.Map;

import it.rete.plumbing.serde.AvroSerdeConfig;
import it.rete.plumbing.serde.SchemaRegistryClient;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** UP when the schema registry answers with its global compatibility level, which the details show. */
public class SchemaRegistryHealthIndicator implements HealthIndicator {

    private final String registryUrl;
    private final SchemaRegistryClient registry;

    public SchemaRegistryHealthIndicator(String registryUrl) {
        this.registryUrl = registryUrl;
        // a health check answers quickly: no retries, short timeouts
        this.registry = new SchemaRegistryClient(AvroSerdeConfig.parse(Map.of(
                AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl,
                AvroSerdeConfig.RETRIES, 0,
                AvroSerdeConfig.CONNECT_TIMEOUT_MS, 2_000L,
                AvroSerdeConfig.REQUEST_TIMEOUT_MS, 3_000L)));
    }

    @Override
    public Health health() {
        try {
            return Health.up().withDetail("url", registryUrl)
                    .withDetail("compatibility", registry.getCompatibility(null)).build();
        } catch (RuntimeException e) {
            return Health.down(e).withDetail("url", registryUrl).build();
        }
    }
}
