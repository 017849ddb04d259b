package io.duckmesh.drill.inspect;

import java.util.List;

/**
 * A table in the drilled schemas: its kind (r table, p partitioned, m materialized view), whether
 * it holds data (a materialized view created WITH NO DATA does not), and its primary key.
 */
public record TableInfo(TableRef table, String kind, boolean populated, List<String> primaryKey) {

    public TableInfo {
        primaryKey = List.copyOf(primaryKey);
    }
}
