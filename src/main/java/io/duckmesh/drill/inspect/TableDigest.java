package io.duckmesh.drill.inspect;

/**
 * A table's exact row count and an order-independent checksum of its rows' canonical text (the sum
 * of each row's 64-bit md5 prefix), so equal multisets of rows give equal digests whatever their
 * physical order. An unpopulated materialized view has no rows to digest.
 */
public record TableDigest(String schema, String name, long rows, boolean populated, String checksum) {

    public TableRef table() {
        return new TableRef(schema, name);
    }

    public RowCount rowCount() {
        return populated ? RowCount.of(rows) : RowCount.notPopulated();
    }
}
