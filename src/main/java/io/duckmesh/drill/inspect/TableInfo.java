package io.duckmesh.drill.inspect;

import java.util.List;
import java.util.Optional;

/**
 * A table in the drilled schemas: its kind (r table, p partitioned, m materialized view), whether
 * it holds data (a materialized view created WITH NO DATA does not), its primary key and its
 * columns in order. {@code integerKey} says the key is one smallint, integer or bigint column: only such
 * a key has a min, a max and arithmetic to cut ranges on, whatever else a catalog keys on (uuid, text,
 * composite, types with no btree order). {@code rowFilter} is set for an extension's configuration
 * table: the condition (on the table aliased t) that pg_dump applies to choose the rows it carries,
 * the user's rows beside the extension's own; only those rows are counted and compared.
 */
public record TableInfo(TableRef table, String kind, boolean populated, List<String> primaryKey, boolean integerKey,
                        List<Column> columns, Optional<String> rowFilter) {

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
        rowFilter = rowFilter.map(String::strip);
    }

    /** The condition selecting the rows the dump carries: the extension's filter, or {@code true}. */
    public String rows() {
        return rowFilter.map(condition -> "(" + condition + ")").orElse("true");
    }
}
