package it.rete.plumbing.postgres;

import java.sql.SQLException;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * The library's schema (before the service's Flyway) and the {@link PostgresConnectionInfo} of whatever PostgreSQL
 * the service uses, embedded or external.
 */
@AutoConfiguration(after = { EmbeddedPostgresAutoConfiguration.class, DataSourceAutoConfiguration.class },
        before = FlywayAutoConfiguration.class)
@ConditionalOnBean(DataSource.class)
@Import(DatabaseInitializationDependencyConfigurer.class)
public class PlumbingDatabaseAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public PostgresConnectionInfo postgresConnectionInfo(DataSource dataSource,
            ObjectProvider<DataSourceProperties> dataSourceProperties) throws SQLException {
        if (dataSource.isWrapperFor(HikariDataSource.class)) {
            HikariDataSource hikari = dataSource.unwrap(HikariDataSource.class);
            if (hikari.getJdbcUrl() != null) {
                return PostgresConnectionInfo.fromJdbcUrl(hikari.getJdbcUrl(), hikari.getUsername(),
                        hikari.getPassword());
            }
        }
        DataSourceProperties properties = dataSourceProperties.getIfAvailable();
        if (properties == null) {
            throw new IllegalStateException("Cannot tell the PostgreSQL coordinates of " + dataSource
                    + ": define a PostgresConnectionInfo bean");
        }
        return PostgresConnectionInfo.fromJdbcUrl(properties.determineUrl(), properties.determineUsername(),
                properties.determinePassword());
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Flyway.class)
    @ConditionalOnBooleanProperty(name = "rete.plumbing.schema.enabled", matchIfMissing = true)
    static class SchemaConfiguration {

        @Bean
        PlumbingSchemaMigration plumbingSchemaMigration(DataSource dataSource) {
            return new PlumbingSchemaMigration(dataSource);
        }

        /**
         * The library's tables make the schema non-empty before the service's first Flyway run, which Flyway refuses
         * without a baseline: baseline at version 0 so that the service's V1 still runs. Explicit
         * {@code spring.flyway.baseline-*} settings win.
         */
        @Bean
        FlywayConfigurationCustomizer plumbingAwareFlywayBaseline(Environment env) {
            return configuration -> {
                if (!env.containsProperty("spring.flyway.baseline-on-migrate")) {
                    configuration.baselineOnMigrate(true);
                    if (!env.containsProperty("spring.flyway.baseline-version")) {
                        configuration.baselineVersion("0");
                    }
                }
            };
        }
    }
}
