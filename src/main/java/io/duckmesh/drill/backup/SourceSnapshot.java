package io.duckmesh.drill.backup;

import io.duckmesh.drill.postgres.PgEndpoint;
import io.duckmesh.drill.postgres.PgSessions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A read-only REPEATABLE READ transaction on the source whose snapshot is exported: pg_dump runs
 * with {@code --snapshot}, and other sessions import it ({@link #open}) to look at the source exactly
 * as the dump saw it, however much the source is written meanwhile: the manifest's, then short ones
 * that each end before the drill goes on. The exporting transaction itself reads no table, so it
 * holds no lock a migration on the source could wait for; it stays open until closed (Cleanup),
 * which holds back vacuum on the source for that long, as pg_dump does while it runs.
 */
public final class SourceSnapshot implements AutoCloseable {

    private final Connection connection;
    private final String id;
    private final PgEndpoint source;
    private final java.time.Instant exportedAt;
    private final long exportedNanos = System.nanoTime();

    private SourceSnapshot(Connection connection, String id, PgEndpoint source, java.time.Instant exportedAt) {
        this.connection = connection;
        this.id = id;
        this.source = source;
        this.exportedAt = exportedAt;
    }

    public static SourceSnapshot export(PgSessions sessions, PgEndpoint source) throws SQLException {
        Connection connection = sessions.openReadOnly(source);
        connection.setAutoCommit(false);
        connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery("SELECT pg_export_snapshot(), now()")) {
            rs.next();
            return new SourceSnapshot(connection, rs.getString(1), source,
                    rs.getObject(2, java.time.OffsetDateTime.class).toInstant());
        } catch (SQLException cannotExport) {
            connection.close();
            throw new SQLException("Cannot export a snapshot on " + source + ": " + cannotExport.getMessage()
                    + ". The source must be a primary or a hot standby that allows exported snapshots.", cannotExport);
        }
    }

    public String id() {
        return id;
    }

    /** When the snapshot was taken (now() of the exporting transaction): the backup's recovery point. */
    public java.time.Instant exportedAt() {
        return exportedAt;
    }

    /** How long the snapshot has been held since it was exported. */
    public java.time.Duration heldFor() {
        return java.time.Duration.ofNanos(System.nanoTime() - exportedNanos);
    }

    /** Cancels what a session that imported this snapshot is running (the manifest, when pg_dump beside it failed). */
    public void cancelRunningQuery(Connection imported) {
        try {
            imported.unwrap(org.postgresql.PGConnection.class).cancelQuery();
        } catch (SQLException cannotCancel) {
            throw new IllegalStateException("Cannot cancel the manifest's query on " + this + ": " + cannotCancel.getMessage(),
                    cannotCancel);
        }
    }

    /** A new read-only session that sees the source as the dump did. Close it when done. */
    public Connection open(PgSessions sessions) throws SQLException {
        Connection imported = sessions.openReadOnly(source);
        imported.setAutoCommit(false);
        imported.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        try (Statement statement = imported.createStatement()) {
            statement.execute("SET TRANSACTION SNAPSHOT '" + id.replace("'", "''") + "'");
        } catch (SQLException cannotImport) {
            imported.close();
            throw cannotImport;
        }
        return imported;
    }

    /**
     * Asks the source as the dump saw it: each query in a short read-only transaction of its own that
     * imports the snapshot and ends before the answer is returned.
     */
    public io.duckmesh.drill.result.SourceProbe probe(PgSessions sessions) {
        return (sql, maxRows) -> {
            try (Connection imported = open(sessions)) {
                try {
                    return java.util.Optional.of(new io.duckmesh.drill.result.SourceProbe.Answer(
                            io.duckmesh.drill.inspect.QueryRows.read(imported, sql, maxRows), "in the dump's snapshot"));
                } finally {
                    imported.rollback();
                }
            }
        };
    }

    /** Ends the snapshot's transaction; a session the source already ended (terminated, server restarted) just closes. */
    @Override
    public void close() throws SQLException {
        try (connection) {
            if (connection.isValid(5)) {
                connection.rollback();
            }
        }
    }

    @Override
    public String toString() {
        return "exported snapshot " + id + " on " + source;
    }
}
