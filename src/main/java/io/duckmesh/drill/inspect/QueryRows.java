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

    /** A row's column names and values (null where SQL NULL). */
    public record Row(List<String> names, List<String> values) {

        /** "column=value, ...": what is compared between the sides. */
        public String text() {
            return text(java.util.function.UnaryOperator.identity());
        }

        /** "column=value, ..." with each value (null as "null") as {@code shown} gives it. */
        public String text(java.util.function.UnaryOperator<String> shown) {
            List<String> cells = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                cells.add(names.get(i) + "=" + shown.apply(String.valueOf(values.get(i))));
            }
            return String.join(", ", cells);
        }
    }

    public static List<String> read(Connection connection, String sql, int maxRows) throws SQLException {
        return rows(connection, sql, maxRows).stream().map(Row::text).toList();
    }

    public static List<Row> rows(Connection connection, String sql, int maxRows) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next() && rows.size() < maxRows) {
                List<String> names = new ArrayList<>();
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    names.add(meta.getColumnName(i));
                    values.add(rs.getString(i));
                }
                rows.add(new Row(List.copyOf(names), java.util.Collections.unmodifiableList(values)));
            }
        }
        return rows;
    }
}
