package io.duckmesh.drill.inspect;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * Exact {@code count(*)} of tables, not the planner's estimate: parity must be exact. A materialized
 * view with no data cannot be scanned, so it is reported as not populated instead of counted.
 */
public final class RowCounter {

    public Map<TableRef, RowCount> count(Connection connection, Collection<TableInfo> tables) throws SQLException {
        Map<TableRef, RowCount> counts = new TreeMap<>();
        try (Statement statement = connection.createStatement()) {
            for (TableInfo table : tables) {
                if (!table.populated()) {
                    counts.put(table.table(), RowCount.notPopulated());
                    continue;
                }
                try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + table.table().quoted())) {
                    rs.next();
                    counts.put(table.table(), RowCount.of(rs.getLong(1)));
                }
            }
        }
        return counts;
    }
}
