package io.duckmesh.drill.inspect;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Computes {@link TableDigest}s inside PostgreSQL, one scan per table giving count and checksum
 * together (per segment for large tables, summed for the whole); no row reaches the JVM. Text the
 * row hash reads depends on the session's TimeZone, DateStyle, IntervalStyle and
 * extra_float_digits, which {@code PgSessions} fixes for every session.
 */
public final class TableDigester {

    /**
     * Planner settings for a digest session. The restored copy has no statistics (nothing analyzes
     * it), so the planner would sort every row, whole, to group rows by segment (8.2 s against 4.9 s
     * for half of the fixture's data_files); and the drill spreads tables over its own sessions, so
     * parallel workers would only make more processes compete for the same cores (on the source, with
     * pg_dump).
     */
    public static void tune(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET enable_sort = off");
            statement.execute("SET max_parallel_workers_per_gather = 0");
        }
    }

    /** Undoes {@link #tune} on a session that goes on to other work. */
    public static void untune(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("RESET enable_sort");
            statement.execute("RESET max_parallel_workers_per_gather");
        }
    }

    /**
     * Digests the table with the given row hash, segmenting it when it has a single integer key and
     * at least {@code segmentRows} rows.
     */
    public TableDigest digest(Connection connection, TableInfo table, long segmentRows, RowHash hash) throws SQLException {
        if (!table.populated()) {
            return unpopulated(table, hash);
        }
        SegmentPlan plan = plan(connection, table, segmentRows);
        return plan == null ? whole(connection, table, hash) : segmented(connection, table, plan, hash);
    }

    /** Digests the table the way the source's was: same row hash, and the source's segment plan or none. */
    public TableDigest digestLike(Connection connection, TableInfo table, TableDigest source) throws SQLException {
        RowHash hash = source == null ? RowHash.ROW_TEXT : source.rowHash();
        if (!table.populated()) {
            return unpopulated(table, hash);
        }
        return source == null || source.plan() == null ? whole(connection, table, hash)
                : segmented(connection, table, source.plan(), hash);
    }

    /**
     * One block range of a table, for digesting a large table on many sessions at once: chunk
     * {@code chunk} of {@code chunks} equal ranges of the table's blocks (the last open-ended), read
     * with a TID range scan, which needs neither statistics nor an index. For a table with a plan the
     * result is one segment per bucket the range holds rows of; for one without, a single segment
     * (index 0) with the range's count and checksum. {@link #assemble} adds the chunks up.
     */
    public List<Segment> chunk(Connection connection, TableInfo table, SegmentPlan plan, RowHash hash, int chunk, int chunks)
            throws SQLException {
        TableRef ref = table.table();
        long blocks;
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT pg_relation_size('" + ref.quoted().replace("'", "''")
                     + "'::regclass) / current_setting('block_size')::bigint")) {
            rs.next();
            blocks = rs.getLong(1);
        }
        long from = blocks * chunk / chunks;
        String range = table.rows() + " AND t.ctid >= '(" + from + ",0)'::tid"
                + (chunk == chunks - 1 ? "" : " AND t.ctid < '(" + blocks * (chunk + 1) / chunks + ",0)'::tid");
        List<Segment> segments = new ArrayList<>();
        String sql = plan == null
                ? "SELECT 0, count(*), coalesce(sum(" + hash.expression(table) + "), 0)::text FROM " + ref.quoted() + " t WHERE " + range
                : "SELECT " + plan.bucketExpression() + " AS bucket, count(*), sum(" + hash.expression(table) + ")::text FROM "
                        + ref.quoted() + " t WHERE " + range + " GROUP BY 1";
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                segments.add(new Segment(rs.getInt(1), rs.getLong(2), rs.getString(3)));
            }
        }
        return segments;
    }

    /**
     * A table digest put together from the segments its chunks gave: those of one bucket added up,
     * and without a plan, everything in one sum.
     */
    public static TableDigest assemble(TableRef table, SegmentPlan plan, RowHash hash, List<Segment> segments) {
        java.util.Map<Integer, Segment> buckets = new java.util.TreeMap<>();
        for (Segment segment : segments) {
            buckets.merge(segment.index(), segment, (a, b) -> new Segment(a.index(), a.rows() + b.rows(),
                    new BigDecimal(a.checksum()).add(new BigDecimal(b.checksum())).toPlainString()));
        }
        List<Segment> sorted = List.copyOf(buckets.values());
        long rows = sorted.stream().mapToLong(Segment::rows).sum();
        BigDecimal checksum = sorted.stream().map(s -> new BigDecimal(s.checksum())).reduce(BigDecimal.ZERO, BigDecimal::add);
        return new TableDigest(table.schema(), table.name(), rows, true, checksum.toPlainString(), plan,
                plan == null ? List.of() : sorted, hash);
    }

    private static TableDigest unpopulated(TableInfo table, RowHash hash) {
        return new TableDigest(table.table().schema(), table.table().name(), 0, false, "", null, List.of(), hash);
    }

    /** sum(bigint) adds exactly (into a numeric), so no cast is needed; casting each hash to numeric first costs 8%. */
    private static TableDigest whole(Connection connection, TableInfo table, RowHash hash) throws SQLException {
        TableRef ref = table.table();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*), coalesce(sum(" + hash.expression(table) + "), 0)::text FROM "
                     + ref.quoted() + " t WHERE " + table.rows())) {
            rs.next();
            return new TableDigest(ref.schema(), ref.name(), rs.getLong(1), true, rs.getString(2), null, List.of(), hash);
        }
    }

    private static TableDigest segmented(Connection connection, TableInfo table, SegmentPlan plan, RowHash hash) throws SQLException {
        List<Segment> segments = new ArrayList<>();
        long rows = 0;
        BigDecimal checksum = BigDecimal.ZERO;
        TableRef ref = table.table();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT " + plan.bucketExpression() + " AS bucket, count(*), sum("
                     + hash.expression(table) + ")::text FROM " + ref.quoted() + " t WHERE " + table.rows() + " GROUP BY 1 ORDER BY 1")) {
            while (rs.next()) {
                Segment segment = new Segment(rs.getInt(1), rs.getLong(2), rs.getString(3));
                segments.add(segment);
                rows += segment.rows();
                checksum = checksum.add(new BigDecimal(segment.checksum()));
            }
        }
        return new TableDigest(ref.schema(), ref.name(), rows, true, checksum.toPlainString(), plan, segments, hash);
    }

    /**
     * A plan for a table with a single integer key and, by the planner's estimate, at least segmentRows
     * rows; the key's type is known from the catalog before min and max are asked for, since most types
     * (uuid, jsonb, point, ...) have no min at all. Other large tables are read whole, in block ranges
     * by every session ({@link #chunk}), and a difference in them is narrowed on a hash of the key.
     */
    private static SegmentPlan plan(Connection connection, TableInfo table, long segmentRows) throws SQLException {
        if (!table.integerKey() || !table.kind().equals("r")) {
            return null;
        }
        String key = TableRef.quote(table.primaryKey().get(0));
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT min(t." + key + ")::text, max(t." + key + ")::text,"
                     + " (SELECT reltuples FROM pg_class WHERE oid = '" + table.table().quoted().replace("'", "''") + "'::regclass)"
                     + " FROM " + table.table().quoted() + " t WHERE " + table.rows())) {
            rs.next();
            if (rs.getString(1) == null) {
                return null;
            }
            long low = Long.parseLong(rs.getString(1));
            long high = Long.parseLong(rs.getString(2));
            double estimate = rs.getDouble(3) > 0 ? rs.getDouble(3) : (double) high - low + 1;
            if (estimate < segmentRows) {
                return null;
            }
            int count = (int) Math.min(10_000, Math.ceil(estimate / segmentRows));
            long width = Math.max(1, (long) Math.ceil(((double) high - low + 1) / count));
            return new SegmentPlan(table.primaryKey().get(0), low, width, count);
        }
    }
}
