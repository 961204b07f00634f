package it.rete.plumbing.postgres;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The PostgreSQL a service runs in its own JVM unless {@code spring.datasource.url} points at an external one.
 *
 * @see EmbeddedPostgresAutoConfiguration
 */
@ConfigurationProperties("rete.embedded-postgres")
public class EmbeddedPostgresProperties {

    /** Run the embedded server. Default: true when {@code spring.datasource.url} is not set. */
    private Boolean enabled;

    /** Port on 127.0.0.1; 0 picks a free port at every start. */
    private int port = 0;

    /** Data directory; default {@code ${rete.data-dir:./data}/postgres}. The data survives restarts. */
    private String dataDir;

    /** Maximum size of the connection pool over the embedded server. */
    private int poolSize = 5;

    /** Maximum number of replication slots (one per Debezium relay) and WAL senders. */
    private int maxReplicationSlots = 4;

    /**
     * Further server settings, e.g. {@code rete.embedded-postgres.settings[shared_buffers]=16MB} for a smaller
     * footprint (brackets keep the underscore in the name).
     */
    private java.util.Map<String, String> settings = new java.util.LinkedHashMap<>();

    public java.util.Map<String, String> getSettings() {
        return settings;
    }

    public void setSettings(java.util.Map<String, String> settings) {
        this.settings = settings;
    }

    public Boolean getEnabled() {
        return enabled;
    }

    public void setEnabled(Boolean enabled) {
        this.enabled = enabled;
    }

    public int getPort() {
        return port;
    }

    public void setPort(int port) {
        this.port = port;
    }

    public String getDataDir() {
        return dataDir;
    }

    public void setDataDir(String dataDir) {
        this.dataDir = dataDir;
    }

    public int getPoolSize() {
        return poolSize;
    }

    public void setPoolSize(int poolSize) {
        this.poolSize = poolSize;
    }

    public int getMaxReplicationSlots() {
        return maxReplicationSlots;
    }

    public void setMaxReplicationSlots(int maxReplicationSlots) {
        this.maxReplicationSlots = maxReplicationSlots;
    }
}
