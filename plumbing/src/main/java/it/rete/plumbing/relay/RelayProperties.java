package it.rete.plumbing.relay;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The Debezium relay that publishes the outbox to the ledger topic. */
@ConfigurationProperties("rete.relay")
public class RelayProperties {

    /** Run the relay (tests that only write the outbox switch it off). */
    private boolean enabled = true;

    /** Replication slot; default derived from the ledger topic ({@code outbox_rete_lule_outreach_events}). */
    private String slotName;

    /** Publication; default {@code <slot name>_pub}. */
    private String publicationName;

    /** Durable Debezium offsets; default {@code ${rete.data-dir:./data}/debezium/offsets.dat}. */
    private String offsetsFile;

    /** How often Debezium polls its queue; the 500 ms default would dominate the latency. */
    private Duration pollInterval = Duration.ofMillis(10);

    /**
     * How often offsets are written (and the slot advanced). 0 = after every batch Kafka acknowledged: a crash
     * re-publishes at most the batch in flight.
     */
    private Duration offsetFlushInterval = Duration.ZERO;

    /** How long start-up waits for the replication slot to be active. */
    private Duration startupTimeout = Duration.ofSeconds(60);

    /** Pause before the engine is restarted after a failure (PostgreSQL or Kafka unreachable). */
    private Duration restartBackoff = Duration.ofSeconds(5);

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getSlotName() {
        return slotName;
    }

    public void setSlotName(String slotName) {
        this.slotName = slotName;
    }

    public String getPublicationName() {
        return publicationName;
    }

    public void setPublicationName(String publicationName) {
        this.publicationName = publicationName;
    }

    public String getOffsetsFile() {
        return offsetsFile;
    }

    public void setOffsetsFile(String offsetsFile) {
        this.offsetsFile = offsetsFile;
    }

    public Duration getPollInterval() {
        return pollInterval;
    }

    public void setPollInterval(Duration pollInterval) {
        this.pollInterval = pollInterval;
    }

    public Duration getOffsetFlushInterval() {
        return offsetFlushInterval;
    }

    public void setOffsetFlushInterval(Duration offsetFlushInterval) {
        this.offsetFlushInterval = offsetFlushInterval;
    }

    public Duration getStartupTimeout() {
        return startupTimeout;
    }

    public void setStartupTimeout(Duration startupTimeout) {
        this.startupTimeout = startupTimeout;
    }

    public Duration getRestartBackoff() {
        return restartBackoff;
    }

    public void setRestartBackoff(Duration restartBackoff) {
        this.restartBackoff = restartBackoff;
    }
}
