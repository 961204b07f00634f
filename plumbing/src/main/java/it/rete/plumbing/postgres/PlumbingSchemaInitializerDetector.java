package it.rete.plumbing.postgres;

import java.util.Set;

import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDatabaseInitializerDetector;

/**
 * Makes {@link PlumbingSchemaMigration} a database initializer in a batch before Boot's Flyway (order 1): Boot then
 * makes the service's Flyway, and everything that depends on database initialization, wait for the library schema.
 */
public class PlumbingSchemaInitializerDetector extends AbstractBeansOfTypeDatabaseInitializerDetector {

    static final int ORDER = -100;

    @Override
    protected Set<Class<?>> getDatabaseInitializerBeanTypes() {
        return Set.of(PlumbingSchemaMigration.class);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
