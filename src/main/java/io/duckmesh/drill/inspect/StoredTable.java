package io.duckmesh.drill.inspect;

/**
 * A table, partitioned table or materialized view as DDL sees it: its oid (new when it is dropped and
 * created again), its kind, its file ({@code pg_class.relfilenode}: new after TRUNCATE, VACUUM FULL,
 * CLUSTER, REFRESH MATERIALIZED VIEW or a rewriting ALTER TABLE; 0 for a partitioned table) and its
 * columns with their types, in order.
 */
public record StoredTable(TableRef table, long oid, String kind, long fileNode, String columns) {
}
