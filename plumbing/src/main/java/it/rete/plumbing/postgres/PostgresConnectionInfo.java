package it.rete.plumbing.postgres;

import java.net.URI;
import java.util.Objects;

/**
 * Where the service's PostgreSQL is, for clients that do not go through the {@code DataSource} (the Debezium relay
 * opens its own replication connection). Derived from the JDBC URL, for the embedded server and for an external one.
 */
public record PostgresConnectionInfo(String host, int port, String database, String user, String password) {

    public static final int DEFAULT_PORT = 5432;

    public PostgresConnectionInfo {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(user, "user");
        password = password == null ? "" : password;
    }

    /** From {@code jdbc:postgresql://host[:port]/database[?...]}; user and password as configured on the pool. */
    public static PostgresConnectionInfo fromJdbcUrl(String jdbcUrl, String user, String password) {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("Not a PostgreSQL JDBC URL: " + jdbcUrl);
        }
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        String host = uri.getHost();
        if (host == null) {
            // multi-host URLs (host1,host2) are not parsed by URI: take the first host
            String authority = uri.getRawAuthority();
            String first = authority == null ? "" : authority.split(",")[0];
            int colon = first.lastIndexOf(':');
            host = colon > 0 ? first.substring(0, colon) : first;
            int port = colon > 0 ? Integer.parseInt(first.substring(colon + 1)) : DEFAULT_PORT;
            return new PostgresConnectionInfo(host, port, database(uri), user, password);
        }
        int port = uri.getPort() > 0 ? uri.getPort() : DEFAULT_PORT;
        return new PostgresConnectionInfo(host, port, database(uri), user, password);
    }

    private static String database(URI uri) {
        String path = uri.getPath();
        if (path == null || path.length() <= 1) {
            throw new IllegalArgumentException("No database in JDBC URL " + uri);
        }
        return path.substring(1);
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    @Override
    public String toString() {
        // never the password
        return "PostgresConnectionInfo[" + user + "@" + host + ":" + port + "/" + database + "]";
    }
}
