package io.duckmesh.drill.inspect;

import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Lists what a database holds in the drilled schemas: tables, foreign keys, sequences, indexes.
 * Every check works from this list rather than a hand-picked one, so a new table is drilled the
 * day it is created.
 */
public final class CatalogInventory {

    private final List<String> schemas;

    /** @param schemas schemas to drill; empty means every non-system schema */
    public CatalogInventory(List<String> schemas) {
        this.schemas = List.copyOf(schemas);
    }

    public List<TableInfo> tables(Connection connection) throws SQLException {
        return query(connection, "tables.sql", rs -> new TableInfo(
                new TableRef(rs.getString("schema_name"), rs.getString("table_name")),
                rs.getString("kind"), rs.getBoolean("populated"), strings(rs.getArray("primary_key")),
                rs.getBoolean("integer_key"),
                columns(strings(rs.getArray("column_names")), rs.getArray("column_native_hash")),
                java.util.Optional.ofNullable(rs.getString("row_filter"))));
    }

    /** The same tables as {@link #tables}, each with what DDL changes (its oid, its file and its columns' types). */
    public List<StoredTable> storedTables(Connection connection) throws SQLException {
        return query(connection, "tables.sql", rs -> new StoredTable(
                new TableRef(rs.getString("schema_name"), rs.getString("table_name")), rs.getLong("oid"),
                rs.getString("kind"), rs.getLong("file_node"), rs.getString("column_types")));
    }

    public List<Relation> foreignKeys(Connection connection) throws SQLException {
        return query(connection, "foreign-keys.sql", rs -> new Relation(rs.getString("constraint_name"),
                new TableRef(rs.getString("child_schema"), rs.getString("child_table")), strings(rs.getArray("child_columns")),
                new TableRef(rs.getString("parent_schema"), rs.getString("parent_table")), strings(rs.getArray("parent_columns")),
                rs.getBoolean("validated")));
    }

    public List<SequenceInfo> sequences(Connection connection) throws SQLException {
        return query(connection, "sequences.sql", rs -> new SequenceInfo(
                new TableRef(rs.getString("sequence_schema"), rs.getString("sequence_name")),
                new TableRef(rs.getString("table_schema"), rs.getString("table_name")),
                rs.getString("column_name"), rs.getLong("increment")));
    }

    public List<IndexInfo> indexes(Connection connection) throws SQLException {
        return query(connection, "indexes.sql", rs -> new IndexInfo(
                new TableRef(rs.getString("schema_name"), rs.getString("index_name")),
                new TableRef(rs.getString("schema_name"), rs.getString("table_name")),
                rs.getBoolean("valid"), rs.getBoolean("ready")));
    }

    private <T> List<T> query(Connection connection, String resource, SchemaScopedQuery.RowMapper<T> mapper) throws SQLException {
        return SchemaScopedQuery.list(connection, SqlResource.load(resource), schemas, mapper);
    }

    private static List<TableInfo.Column> columns(List<String> names, Array nativeHash) throws SQLException {
        Boolean[] exact = (Boolean[]) nativeHash.getArray();
        List<TableInfo.Column> columns = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            columns.add(new TableInfo.Column(names.get(i), Boolean.TRUE.equals(exact[i])));
        }
        return columns;
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
