package io.duckmesh.drill.inspect;

/** An index and whether PostgreSQL may use it. */
public record IndexInfo(TableRef index, TableRef table, boolean valid, boolean ready) {
}
