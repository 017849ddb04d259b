package io.duckmesh.drill.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * Self-test only: an embedded PostgreSQL for one test class, set up by some SQL, with one writable
 * session on its postgres database. Started where it is declared; the class closes it after its tests.
 */
public final class ScratchServer implements AutoCloseable {

    private final EmbeddedServer server;
    private final PgSessions sessions = new PgSessions(Duration.ofSeconds(10), Duration.ofSeconds(120));
    private final Connection connection;

    private ScratchServer(String name, String setupSql) {
        server = EmbeddedServer.start(name, Duration.ofSeconds(60));
        try {
            connection = sessions.openWritable(server.endpoint("postgres"));
            try (Statement statement = connection.createStatement()) {
                statement.execute(setupSql);
            }
        } catch (SQLException cannotSetUp) {
            server.close();
            throw new IllegalStateException("Cannot set up the " + name + " server: " + cannotSetUp.getMessage(), cannotSetUp);
        }
    }

    /** Starts the server and runs {@code setupSql} (statements separated by semicolons) in its postgres database. */
    public static ScratchServer start(String name, String setupSql) {
        return new ScratchServer(name, setupSql);
    }

    /** The session the setup ran in: autocommit, writable. */
    public Connection connection() {
        return connection;
    }

    public PgSessions sessions() {
        return sessions;
    }

    public PgEndpoint endpoint(String database) {
        return server.endpoint(database);
    }

    @Override
    public void close() throws SQLException {
        try {
            connection.close();
        } finally {
            server.close();
        }
    }
}
