package io.duckmesh.drill.inspect;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** A query's rows as text ("column=value, ..."), up to a limit: what a check shows and compares of a side. */
public final class QueryRows {

    private QueryRows() {
    }

    public static List<String> read(Connection connection, String sql, int maxRows) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next() && rows.size() < maxRows) {
                List<String> cells = new ArrayList<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    cells.add(meta.getColumnName(i) + "=" + rs.getString(i));
                }
                rows.add(String.join(", ", cells));
            }
        }
        return rows;
    }
}
