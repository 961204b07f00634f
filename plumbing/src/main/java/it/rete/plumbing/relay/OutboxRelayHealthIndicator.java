package it.rete.plumbing.relay;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** Health {@code debezium}: UP while the relay streams and its replication slot is active. */
public class OutboxRelayHealthIndicator implements HealthIndicator {

    private final OutboxRelay relay;

    public OutboxRelayHealthIndicator(OutboxRelay relay) {
        this.relay = relay;
    }

    @Override
    public Health health() {
        boolean streaming = relay.isStreaming();
        boolean slotActive = streaming && relay.isSlotActive();
        Health.Builder health = streaming && slotActive ? Health.up() : Health.down();
        health.withDetail("slot", relay.slotName())
                .withDetail("slotActive", slotActive)
                .withDetail("topic", relay.topic())
                .withDetail("eventsRelayed", relay.eventsRelayed());
        if (relay.lastRelayedAt() != null) {
            health.withDetail("lastRelayedAt", relay.lastRelayedAt().toString());
        }
        if (relay.lastLag() != null) {
            health.withDetail("lastLagMs", relay.lastLag().toMillis());
        }
        Throwable error = relay.lastError();
        health.withDetail("lastError", error == null ? "none" : String.valueOf(error));
        return health.build();
    }
}
