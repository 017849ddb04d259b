package io.duckmesh.drill.inspect;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/** Exact {@code count(*)} of tables, not the planner's estimate: parity must be exact. */
public final class RowCounter {

    public Map<TableRef, Long> count(Connection connection, Collection<TableRef> tables) throws SQLException {
        Map<TableRef, Long> counts = new TreeMap<>();
        try (Statement statement = connection.createStatement()) {
            for (TableRef table : tables) {
                try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + table.quoted())) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
        }
        return counts;
    }
}
