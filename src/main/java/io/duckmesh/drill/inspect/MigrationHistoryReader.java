package io.duckmesh.drill.inspect;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads every row and every column of the migration history, as text, ordered by version. */
public final class MigrationHistoryReader {

    /** One row of the history; columns in table order, values as PostgreSQL prints them. */
    public record MigrationRow(long version, Map<String, String> columns) {

        public boolean dirty() {
            return "t".equals(columns.get("dirty")) || "true".equals(columns.get("dirty"));
        }
    }

    public List<MigrationRow> read(Connection connection, TableRef table) throws SQLException {
        List<MigrationRow> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT * FROM " + table.quoted() + " ORDER BY version")) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                Map<String, String> columns = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    columns.put(meta.getColumnName(i), rs.getString(i));
                }
                rows.add(new MigrationRow(rs.getLong("version"), columns));
            }
        }
        return rows;
    }
}
