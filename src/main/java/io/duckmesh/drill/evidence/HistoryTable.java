package io.duckmesh.drill.evidence;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.duckmesh.drill.postgres.PgEndpoint;
import io.duckmesh.drill.postgres.PgSessions;
import io.duckmesh.drill.postgres.ServerIdentity;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * drill.history.url: one row per drill in {@code restore_drill_history}, which it creates. Refuses
 * the source database itself: the drill never writes to the source.
 */
public final class HistoryTable {

    static final String CREATE = "CREATE TABLE IF NOT EXISTS restore_drill_history ("
            + " run_id text PRIMARY KEY, started_at timestamptz NOT NULL, finished_at timestamptz NOT NULL,"
            + " status text NOT NULL, exit_code integer NOT NULL, failure_category text NOT NULL, target text NOT NULL,"
            + " source text NOT NULL, summary jsonb NOT NULL)";

    private final PgSessions sessions;

    public HistoryTable(PgSessions sessions) {
        this.sessions = sessions;
    }

    /**
     * @param source the source's identity when known: the history database must not be the source database
     */
    public void record(PgEndpoint history, Optional<ServerIdentity> source, Map<String, Object> line) throws SQLException {
        try (Connection connection = sessions.openWritable(history)) {
            ServerIdentity here = ServerIdentity.of(connection);
            if (source.filter(s -> s.sameServer(here) && s.database().equals(here.database())).isPresent()) {
                throw new SQLException("drill.history.url names the source database " + history + "; the drill never writes to the"
                        + " source. Point drill.history.url at another database.");
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute(CREATE);
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO restore_drill_history"
                    + " (run_id, started_at, finished_at, status, exit_code, failure_category, target, source, summary)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb) ON CONFLICT (run_id) DO NOTHING")) {
                insert.setString(1, String.valueOf(line.get("runId")));
                insert.setTimestamp(2, Timestamp.from(Instant.parse(String.valueOf(line.get("startedAt")))));
                insert.setTimestamp(3, Timestamp.from(Instant.parse(String.valueOf(line.get("finishedAt")))));
                insert.setString(4, String.valueOf(line.get("status")));
                insert.setInt(5, ((Number) line.get("exitCode")).intValue());
                insert.setString(6, String.valueOf(line.getOrDefault("failureCategory", "")));
                insert.setString(7, String.valueOf(line.get("target")));
                insert.setString(8, String.valueOf(line.get("source")));
                insert.setString(9, new ObjectMapper().writeValueAsString(line));
                insert.executeUpdate();
            } catch (com.fasterxml.jackson.core.JsonProcessingException notJson) {
                throw new SQLException("Cannot write the drill's history line as JSON: " + notJson.getOriginalMessage(), notJson);
            }
        }
    }
}
