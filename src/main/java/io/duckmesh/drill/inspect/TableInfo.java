package io.duckmesh.drill.inspect;

import java.util.List;

/**
 * A table in the drilled schemas: its kind (r table, p partitioned, m materialized view), whether
 * it holds data (a materialized view created WITH NO DATA does not), its primary key and its
 * columns in order.
 */
public record TableInfo(TableRef table, String kind, boolean populated, List<String> primaryKey, List<Column> columns) {

    /**
     * A column, and whether its type's own hash is exact: equal hashes only for values whose text is
     * equal (integers, boolean, bytea, date, timestamps, uuid, and text or varchar under a
     * deterministic collation). Others, such as numeric, float, jsonb, arrays, enums and domains,
     * are hashed by their text.
     */
    public record Column(String name, boolean nativeHash) {
    }

    public TableInfo {
        primaryKey = List.copyOf(primaryKey);
        columns = List.copyOf(columns);
    }
}
