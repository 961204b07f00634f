package it.rete.plumbing.outbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The partner's ledger: where its outbox is relayed and how its events are described. */
@ConfigurationProperties("rete.outbox")
public class OutboxProperties {

    /** The ledger topic, e.g. {@code rete.lule-outreach.events}. Setting it enables the outbox and its relay. */
    private String topic;

    /** CloudEvents source of this partner's events, e.g. {@code /rete/partners/lule-outreach}. */
    private String source;

    /** Value of the outbox's aggregatetype column. */
    private String aggregateType = "case";

    private final Sequencer sequencer = new Sequencer();

    public Sequencer getSequencer() {
        return sequencer;
    }

    /** The {@link OutboxSequencer}: places committed events in the ledger, in batches. */
    public static class Sequencer {

        /** Off leaves committed events in outbox_pending (another instance on the same database sequences them). */
        private boolean enabled = true;

        /** Most events placed in the ledger by one transaction. */
        private int batchSize = 500;

        /** How often the sequencer looks for events besides being woken by the commits of this service. */
        private Duration pollInterval = Duration.ofMillis(200);

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public int getBatchSize() {
            return batchSize;
        }

        public void setBatchSize(int batchSize) {
            this.batchSize = batchSize;
        }

        public Duration getPollInterval() {
            return pollInterval;
        }

        public void setPollInterval(Duration pollInterval) {
            this.pollInterval = pollInterval;
        }
    }

    public String getTopic() {
        return topic;
    }

    public void setTopic(String topic) {
        this.topic = topic;
    }

    public String getSource() {
        return source;
    }

    public void setSource(String source) {
        this.source = source;
    }

    public String getAggregateType() {
        return aggregateType;
    }

    public void setAggregateType(String aggregateType) {
        this.aggregateType = aggregateType;
    }
}
