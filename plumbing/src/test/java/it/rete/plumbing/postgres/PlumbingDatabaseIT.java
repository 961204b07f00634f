package it.rete.plumbing.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.UUID;

import it.rete.plumbing.inbox.ProcessedEvents;
import it.rete.plumbing.outbox.OutboxWriter;
import it.rete.plumbing.testsupport.PlumbingTestApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The embedded server's settings and lifecycle, and a service on an "external" PostgreSQL (spring.datasource.url):
 * library schema before the service's Flyway, connection info from the URL, consumer idempotency.
 */
class PlumbingDatabaseIT {

    @TempDir
    Path tmp;

    @Test
    void embeddedServerIsDurableLocalAndReadyForLogicalDecoding() throws Exception {
        Path dataDir = tmp.resolve("pg");
        long started = System.nanoTime();
        int port;
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir, 0, 4)) {
            System.out.printf("MEASURE embedded PostgreSQL (first start, initdb) in %d ms%n",
                    (System.nanoTime() - started) / 1_000_000);
            port = server.port();
            try (Connection c = DriverManager.getConnection(server.jdbcUrl(), "postgres", "")) {
                JdbcTemplate jdbc = new JdbcTemplate(new org.springframework.jdbc.datasource.SingleConnectionDataSource(c, true));
                assertThat(jdbc.queryForObject("SHOW wal_level", String.class)).isEqualTo("logical");
                assertThat(jdbc.queryForObject("SHOW synchronous_commit", String.class)).isEqualTo("on");
                assertThat(jdbc.queryForObject("SHOW fsync", String.class)).isEqualTo("on");
                assertThat(jdbc.queryForObject("SHOW listen_addresses", String.class)).isEqualTo("127.0.0.1");
                assertThat(jdbc.queryForObject("SHOW max_replication_slots", Integer.class)).isEqualTo(4);
                assertThat(jdbc.queryForObject("SHOW server_version_num", Integer.class)).isGreaterThan(170000);
                jdbc.execute("CREATE TABLE survives (x int)");
                jdbc.update("INSERT INTO survives VALUES (42)");
            }
        }
        // stopped: the detached postmaster is gone
        assertThat(isListening(port)).isFalse();

        started = System.nanoTime();
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir, 0, 4)) {
            System.out.printf("MEASURE embedded PostgreSQL (restart on existing data) in %d ms%n",
                    (System.nanoTime() - started) / 1_000_000);
            try (Connection c = DriverManager.getConnection(server.jdbcUrl(), "postgres", "")) {
                var rs = c.createStatement().executeQuery("SELECT x FROM survives");
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(42);
            }
        }
    }

    @Test
    void externalPostgresSchemaOrderAndConsumerIdempotency() {
        try (EmbeddedPostgresServer external = EmbeddedPostgresServer.start(tmp.resolve("external"), 0, 4);
                ConfigurableApplicationContext context = new SpringApplicationBuilder(PlumbingTestApplication.class)
                        .web(WebApplicationType.NONE)
                        .properties("spring.datasource.url=" + external.jdbcUrl(),
                                "spring.datasource.username=postgres",
                                "spring.datasource.password=",
                                "rete.outbox.topic=rete.ext.events",
                                "rete.outbox.source=/rete/partners/ext",
                                "rete.relay.enabled=false",
                                "spring.kafka.producer.value-serializer="
                                        + it.rete.plumbing.testsupport.FramingTestSerializer.class.getName(),
                                "spring.main.banner-mode=off")
                        .run()) {
            assertThat(context.getBeansOfType(EmbeddedPostgresServer.class)).isEmpty();
            assertThat(context.getBean(PostgresConnectionInfo.class))
                    .isEqualTo(new PostgresConnectionInfo("127.0.0.1", external.port(), "postgres", "postgres", ""));
            assertThat(context.getBeansOfType(OutboxWriter.class)).hasSize(1);

            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            // plumbing's history first, then the service's own V1 (baselined at 0 because the schema was not empty)
            assertThat(jdbc.queryForList("SELECT version FROM plumbing_schema_history WHERE success ORDER BY "
                    + "installed_rank", String.class)).containsExactly("1", "2");
            assertThat(jdbc.queryForList("SELECT version FROM flyway_schema_history WHERE success ORDER BY "
                    + "installed_rank", String.class)).containsExactly("0", "1");
            assertThat(jdbc.queryForObject("SELECT count(*) FROM service_note", Long.class)).isZero();
            assertThat(jdbc.queryForObject("SELECT min(installed_on) FROM plumbing_schema_history",
                    java.sql.Timestamp.class)).isBeforeOrEqualTo(jdbc.queryForObject(
                            "SELECT min(installed_on) FROM flyway_schema_history", java.sql.Timestamp.class));

            ProcessedEvents processed = context.getBean(ProcessedEvents.class);
            TransactionTemplate tx = context.getBean(TransactionTemplate.class);
            UUID id = UUID.randomUUID();
            assertThat(firstDelivery(tx, processed, id, "rete.x.events", 0, 10)).isTrue();
            assertThat(firstDelivery(tx, processed, id, "rete.x.events", 0, 10)).isFalse();
            // redelivered at another offset (producer retry): still the same event
            assertThat(firstDelivery(tx, processed, id, "rete.x.events", 1, 99)).isFalse();

            // a rolled-back effect does not count as processed
            UUID rolledBack = UUID.randomUUID();
            tx.executeWithoutResult(s -> {
                assertThat(processed.firstDelivery(rolledBack, "rete.x.events", 0, 11)).isTrue();
                s.setRollbackOnly();
            });
            assertThat(firstDelivery(tx, processed, rolledBack, "rete.x.events", 0, 11)).isTrue();

            assertThatThrownBy(() -> processed.firstDelivery(UUID.randomUUID(), "t", 0, 0))
                    .isInstanceOf(IllegalTransactionStateException.class);
            assertThat(jdbc.queryForObject("SELECT \"offset\" FROM processed_event WHERE event_id = ?", Long.class,
                    id)).isEqualTo(10L);
        }
    }

    private static boolean firstDelivery(TransactionTemplate tx, ProcessedEvents processed, UUID id, String topic,
            int partition, long offset) {
        return Boolean.TRUE.equals(tx.execute(s -> processed.firstDelivery(id, topic, partition, offset)));
    }

    private static boolean isListening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        }
        catch (Exception e) {
            return false;
        }
    }
}
