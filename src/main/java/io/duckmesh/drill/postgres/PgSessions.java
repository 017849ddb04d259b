package io.duckmesh.drill.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;

/**
 * Opens JDBC sessions with the drill's timeouts and a fixed session environment. Source sessions
 * are read only ({@code default_transaction_read_only}), so no check can write to the source.
 */
public final class PgSessions {

    /**
     * Values print the same on every session, whatever the server's, the database's or the JVM's
     * defaults: the row text behind every checksum depends on these (search_path on reg* columns).
     */
    static final String SESSION_ENVIRONMENT = "SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD';"
            + " SET IntervalStyle = 'iso_8601'; SET extra_float_digits = 3; SET search_path = public";

    private final Duration connectTimeout;
    private final Duration statementTimeout;
    private final String environment;

    public PgSessions(Duration connectTimeout, Duration statementTimeout) {
        this(connectTimeout, statementTimeout, SESSION_ENVIRONMENT);
    }

    /** @param environment the statements run on every new session (a self-test gives one that fails) */
    PgSessions(Duration connectTimeout, Duration statementTimeout, String environment) {
        this.connectTimeout = connectTimeout;
        this.statementTimeout = statementTimeout;
        this.environment = environment;
    }

    public Connection openReadOnly(PgEndpoint endpoint) throws SQLException {
        return open(endpoint, true);
    }

    public Connection openWritable(PgEndpoint endpoint) throws SQLException {
        return open(endpoint, false);
    }

    private Connection open(PgEndpoint endpoint, boolean readOnly) throws SQLException {
        Properties properties = endpoint.jdbcProperties();
        properties.setProperty("connectTimeout", Long.toString(Math.max(1, connectTimeout.toSeconds())));
        properties.setProperty("loginTimeout", Long.toString(Math.max(1, connectTimeout.toSeconds())));
        // row_security=off: a policy that would hide rows from the drill's role makes its query fail
        // (naming the table) instead of silently counting and checksumming fewer rows; pg_dump does the same.
        String options = "-c statement_timeout=" + statementTimeout.toMillis() + " -c row_security=off";
        if (readOnly) {
            options += " -c default_transaction_read_only=on";
        }
        properties.setProperty("options", options);
        Connection connection;
        try {
            connection = DriverManager.getConnection(endpoint.jdbcUrl(), properties);
        } catch (SQLException cannotConnect) {
            throw new SQLException("Cannot connect to " + endpoint + ": " + String.valueOf(cannotConnect.getMessage()).replaceAll("\\.+$", "")
                    + ". Check the host, port, database, user and password settings for it.", cannotConnect.getSQLState(),
                    cannotConnect);
        }
        // pgjdbc sends the JVM's time zone at startup, over any -c TimeZone; set the environment afterwards.
        try (Statement statement = connection.createStatement()) {
            statement.execute(environment);
            if (readOnly) {
                connection.setReadOnly(true);
            }
            return connection;
        } catch (SQLException | RuntimeException cannotPrepare) {
            try {
                connection.close();
            } catch (SQLException cannotClose) {
                cannotPrepare.addSuppressed(cannotClose);
            }
            throw cannotPrepare;
        }
    }
}
