package it.rete.plumbing.outbox;

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
