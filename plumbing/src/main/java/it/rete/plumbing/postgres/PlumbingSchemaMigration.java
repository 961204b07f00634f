package it.rete.plumbing.postgres;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;

/**
 * The library's own tables (outbox, ledger head, processed events), migrated by a Flyway instance of its own over
 * {@value #LOCATION} with history table {@value #HISTORY_TABLE}, so that a service numbers its own migrations
 * ({@code spring.flyway}) independently. Registered as a database initializer that runs before Boot's Flyway
 * ({@link PlumbingSchemaInitializerDetector}).
 */
public class PlumbingSchemaMigration implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(PlumbingSchemaMigration.class);

    public static final String LOCATION = "classpath:db/plumbing";
    public static final String HISTORY_TABLE = "plumbing_schema_history";

    private final DataSource dataSource;
    private volatile MigrateResult result;

    public PlumbingSchemaMigration(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void afterPropertiesSet() {
        long started = System.nanoTime();
        Flyway flyway = Flyway.configure(PlumbingSchemaMigration.class.getClassLoader())
                .dataSource(dataSource)
                .locations(LOCATION)
                .table(HISTORY_TABLE)
                // the service's own tables may already be there: start the library's history below V1
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .baselineDescription("plumbing baseline")
                .load();
        result = flyway.migrate();
        log.info("Plumbing schema at version {} ({} migration(s) applied in {} ms)", result.targetSchemaVersion,
                result.migrationsExecuted, (System.nanoTime() - started) / 1_000_000);
    }

    public MigrateResult result() {
        return result;
    }
}
