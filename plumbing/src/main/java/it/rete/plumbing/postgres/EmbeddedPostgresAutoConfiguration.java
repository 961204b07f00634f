package it.rete.plumbing.postgres;

import java.nio.file.Path;
import java.time.Duration;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;

/**
 * Every service gets a real PostgreSQL by default: a zonky server on 127.0.0.1 with its data under
 * {@code ${rete.data-dir:./data}/postgres}, and a small Hikari pool over it. Setting {@code spring.datasource.url}
 * (or {@code rete.embedded-postgres.enabled=false}) switches to an external server through Boot's own DataSource
 * auto-configuration.
 */
@AutoConfiguration(before = DataSourceAutoConfiguration.class)
@ConditionalOnClass({ EmbeddedPostgres.class, HikariDataSource.class })
@Conditional(OnEmbeddedPostgresCondition.class)
@EnableConfigurationProperties(EmbeddedPostgresProperties.class)
public class EmbeddedPostgresAutoConfiguration {

    /** Grace the JVM shutdown hook gives Spring's own hook to close the context (relay first, then this server). */
    static final Duration SHUTDOWN_HOOK_GRACE = Duration.ofSeconds(20);

    /** Stopped on context shutdown (destroy method, after the beans that use it), by a JVM shutdown hook otherwise. */
    @Bean(destroyMethod = "close")
    public EmbeddedPostgresServer embeddedPostgresServer(EmbeddedPostgresProperties properties, Environment env) {
        return EmbeddedPostgresServer.start(dataDirectory(properties, env), properties.getPort(),
                properties.getMaxReplicationSlots(), SHUTDOWN_HOOK_GRACE, properties.getSettings());
    }

    @Bean
    public PostgresConnectionInfo postgresConnectionInfo(EmbeddedPostgresServer server) {
        return server.connectionInfo();
    }

    /** Closed before the server (it depends on it). */
    @Bean(destroyMethod = "close")
    public HikariDataSource dataSource(EmbeddedPostgresServer server, EmbeddedPostgresProperties properties) {
        PostgresConnectionInfo info = server.connectionInfo();
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setPoolName("rete-embedded-pg");
        dataSource.setJdbcUrl(info.jdbcUrl());
        dataSource.setUsername(info.user());
        dataSource.setPassword(info.password());
        dataSource.setMaximumPoolSize(properties.getPoolSize());
        dataSource.setMinimumIdle(1);
        return dataSource;
    }

    static Path dataDirectory(EmbeddedPostgresProperties properties, Environment env) {
        if (properties.getDataDir() != null && !properties.getDataDir().isBlank()) {
            return Path.of(properties.getDataDir());
        }
        return Path.of(env.getProperty("rete.data-dir", "./data"), "postgres");
    }
}
