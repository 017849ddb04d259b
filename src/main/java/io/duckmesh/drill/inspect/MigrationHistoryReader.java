package io.duckmesh.drill.inspect;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads every row and every column of the migration history, as text, in the order its tool keeps
 * it. The table's columns say which tool wrote it unless drill.migrations.format names one.
 */
public final class MigrationHistoryReader {

    /**
     * One row of the history: {@code version} is the row's key as its tool identifies it (the version
     * for duckmesh, golang-migrate and Rails, installed_rank for Flyway, orderexecuted for Liquibase,
     * version_num for Alembic); columns in table order, values as PostgreSQL prints them.
     */
    public record MigrationRow(String version, Map<String, String> columns) {

        public MigrationRow {
            columns = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(columns));
        }
    }

    /** The history and the tool it was read as. */
    public record History(MigrationFormat format, List<MigrationRow> rows) {
        public History {
            rows = List.copyOf(rows);
        }
    }

    public History read(Connection connection, TableRef table, MigrationFormat requested) throws SQLException {
        List<Map<String, String>> raw = new ArrayList<>();
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT * FROM " + table.quoted())) {
            ResultSetMetaData meta = rs.getMetaData();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                names.add(meta.getColumnName(i).toLowerCase(Locale.ROOT));
            }
            while (rs.next()) {
                Map<String, String> columns = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    columns.put(meta.getColumnName(i), rs.getString(i));
                }
                raw.add(columns);
            }
        }
        MigrationFormat format = requested != MigrationFormat.AUTO ? requested : MigrationFormat.recognise(names)
                .orElseThrow(() -> new IllegalStateException("The migration history " + table + " has the columns " + names
                        + ", which no known tool writes; set drill.migrations.format (" + String.join(", ", MigrationFormat.settings())
                        + ") or fix migrations-table in the drill profile"));
        if (!names.contains(format.keyColumn())) {
            throw new IllegalStateException("The migration history " + table + " has no column " + format.keyColumn() + ", which "
                    + format.setting() + " histories have (columns: " + names + "); fix drill.migrations.format or migrations-table");
        }
        List<MigrationRow> rows = new ArrayList<>();
        for (Map<String, String> columns : raw) {
            rows.add(new MigrationRow(String.valueOf(columns.get(format.keyColumn())), columns));
        }
        rows.sort(Comparator.comparing(MigrationRow::version, MigrationFormat::compareVersions));
        return new History(format, rows);
    }
}
