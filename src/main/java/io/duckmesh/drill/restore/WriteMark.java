package io.duckmesh.drill.restore;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Whether any transaction has written to a server since a moment: its transaction snapshot
 * ({@code txid_current_snapshot()}: the oldest running transaction, the next one to be numbered,
 * and those running in between) changes whenever a transaction that wrote anything commits or
 * aborts, and only then; reading takes no transaction number. On a server only the drill uses, an
 * unchanged mark proves that the restored copy is as the drill last read it.
 */
public final class WriteMark {

    private WriteMark() {
    }

    /** The server's transaction snapshot now, as text (xmin:xmax:running). */
    public static String of(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT txid_current_snapshot()::text")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
