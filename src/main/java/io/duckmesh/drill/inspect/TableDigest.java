package io.duckmesh.drill.inspect;

import java.util.List;

/**
 * A table's exact row count and an order-independent checksum of its rows (the sum of each row's
 * exact 64-bit hash, computed as {@code rowHash} says), so equal multisets of rows give equal
 * digests whatever their physical order. A large table with a single integer key also carries per-segment digests
 * ({@code plan} is null otherwise), so a difference can be narrowed to key ranges. An unpopulated
 * materialized view has no rows to digest.
 */
public record TableDigest(String schema, String name, long rows, boolean populated, String checksum,
                          SegmentPlan plan, List<Segment> segments, RowHash rowHash) {

    public TableDigest {
        segments = segments == null ? List.of() : List.copyOf(segments);
        rowHash = rowHash == null ? RowHash.ROW_TEXT : rowHash;
    }

    public TableRef table() {
        return new TableRef(schema, name);
    }

    public RowCount rowCount() {
        return populated ? RowCount.of(rows) : RowCount.notPopulated();
    }
}
