package it.rete.plumbing.postgres;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * {@code rete.embedded-postgres.enabled} when set; otherwise true exactly when no {@code spring.datasource.url} is
 * configured (an external PostgreSQL is chosen with the usual {@code spring.datasource.*} properties).
 */
class OnEmbeddedPostgresCondition extends SpringBootCondition {

    static final String ENABLED = "rete.embedded-postgres.enabled";
    static final String DATASOURCE_URL = "spring.datasource.url";

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        var env = context.getEnvironment();
        String enabled = env.getProperty(ENABLED);
        if (enabled != null && !enabled.isBlank()) {
            return Boolean.parseBoolean(enabled.trim())
                    ? ConditionOutcome.match(ENABLED + " is true")
                    : ConditionOutcome.noMatch(ENABLED + " is false");
        }
        String url = env.getProperty(DATASOURCE_URL);
        return url == null || url.isBlank()
                ? ConditionOutcome.match("no " + DATASOURCE_URL + " configured")
                : ConditionOutcome.noMatch(DATASOURCE_URL + " is configured: external PostgreSQL");
    }
}
