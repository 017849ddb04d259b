package io.duckmesh.drill.inspect;

import java.util.List;

/** A table in the drilled schemas: its kind (r table, p partitioned, m materialized view) and primary key. */
public record TableInfo(TableRef table, String kind, List<String> primaryKey) {

    public TableInfo {
        primaryKey = List.copyOf(primaryKey);
    }
}
