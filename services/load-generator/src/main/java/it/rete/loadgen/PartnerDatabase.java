package it.rete.loadgen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * A partner's own PostgreSQL, found through its data directory: line 4 of {@code postmaster.pid} is the port the
 * running server listens on (the local network picks a free one at every start). Read only, for timings.
 */
public record PartnerDatabase(String partnerId, int port) {

    public static PartnerDatabase of(Path localNetwork, String partnerId) {
        Path pidFile = localNetwork.resolve("data").resolve(partnerId).resolve("postgres").resolve("postmaster.pid");
        try {
            var lines = Files.readAllLines(pidFile);
            return new PartnerDatabase(partnerId, Integer.parseInt(lines.get(3).trim()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + pidFile + ": is partner " + partnerId + " running?", e);
        }
    }

    public Connection connect() throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres",
                "postgres", "");
        connection.setReadOnly(true);
        return connection;
    }
}
