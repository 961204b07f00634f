package it.rete.partner.support;

import java.util.Map;

import javax.sql.DataSource;

/** What the checks of a whole network need, whether its partners run in the test JVM or as their own processes. */
public interface NetworkUnderTest {

    /** The partner, spoken to over HTTP with its operator key. */
    PartnerNode partner(String partnerId);

    /** The network administrator's Kafka client settings (bootstrap servers and identity). */
    Map<String, Object> adminConfig();

    String registryUrl();

    /** The partner's own database, for checks of what it committed. */
    DataSource dataSource(String partnerId);
}
