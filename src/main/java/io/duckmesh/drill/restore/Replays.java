package io.duckmesh.drill.restore;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.List;

/** Statements an archive carries, replayed one by one on the restored copy inside a transaction the caller rolls back. */
final class Replays {

    private Replays() {
    }

    /** Runs one statement under a savepoint; a refusal is undone and noted with PostgreSQL's error, and the replay goes on. */
    static void execute(Connection restored, String sql, List<String> failed) throws SQLException {
        Savepoint savepoint = restored.setSavepoint();
        try (Statement statement = restored.createStatement()) {
            statement.execute(sql);
            restored.releaseSavepoint(savepoint);
        } catch (SQLException refused) {
            restored.rollback(savepoint);
            failed.add(sql + "  -- " + refused.getMessage().lines().findFirst().orElse(""));
        }
    }
}
