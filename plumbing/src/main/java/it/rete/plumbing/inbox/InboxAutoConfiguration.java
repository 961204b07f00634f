package it.rete.plumbing.inbox;

import javax.sql.DataSource;

import it.rete.plumbing.postgres.EmbeddedPostgresAutoConfiguration;
import it.rete.plumbing.postgres.PlumbingDatabaseAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;

/** {@link ProcessedEvents} over the service's DataSource. */
@AutoConfiguration(after = { EmbeddedPostgresAutoConfiguration.class, DataSourceAutoConfiguration.class,
        PlumbingDatabaseAutoConfiguration.class })
@ConditionalOnBean(DataSource.class)
public class InboxAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public ProcessedEvents processedEvents(DataSource dataSource) {
        return new ProcessedEvents(dataSource);
    }
}
