package io.duckmesh.drill.inspect;

/**
 * A table's exact row count, or the fact that it is a materialized view with no data to count
 * (created or restored WITH NO DATA), which is itself compared.
 */
public record RowCount(long rows, boolean populated) {

    public static RowCount of(long rows) {
        return new RowCount(rows, true);
    }

    public static RowCount notPopulated() {
        return new RowCount(0, false);
    }

    @Override
    public String toString() {
        return populated ? Long.toString(rows) : "(materialized view not populated)";
    }
}
