package it.rete.plumbing.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class PostgresConnectionInfoTest {

    @Test
    void parsesJdbcUrls() {
        assertThat(PostgresConnectionInfo.fromJdbcUrl("jdbc:postgresql://db.example:6543/rete?sslmode=require",
                "svc", "pw")).isEqualTo(new PostgresConnectionInfo("db.example", 6543, "rete", "svc", "pw"));
        assertThat(PostgresConnectionInfo.fromJdbcUrl("jdbc:postgresql://127.0.0.1/postgres", "postgres", null))
                .isEqualTo(new PostgresConnectionInfo("127.0.0.1", 5432, "postgres", "postgres", ""));
        assertThat(PostgresConnectionInfo.fromJdbcUrl("jdbc:postgresql://h1:5433,h2:5434/db", "u", "p"))
                .isEqualTo(new PostgresConnectionInfo("h1", 5433, "db", "u", "p"));
        assertThatThrownBy(() -> PostgresConnectionInfo.fromJdbcUrl("jdbc:h2:mem:x", "u", "p"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void neverPrintsThePassword() {
        assertThat(new PostgresConnectionInfo("h", 1, "d", "u", "secret").toString()).doesNotContain("secret");
    }

    @Test
    void embeddedPostgresIsTheDefaultOnlyWithoutADatasourceUrl() {
        // the condition is evaluated before any bean is created: an unmatched configuration starts no server
        var runner = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(EmbeddedPostgresAutoConfiguration.class));
        runner.withPropertyValues("spring.datasource.url=jdbc:postgresql://127.0.0.1:1/x")
                .run(context -> assertThat(context).doesNotHaveBean(EmbeddedPostgresServer.class));
        runner.withPropertyValues("rete.embedded-postgres.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(EmbeddedPostgresServer.class));
        assertThat(new OnEmbeddedPostgresCondition()).isNotNull();
    }
}
