package io.duckmesh.drill.inspect;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Computes {@link TableDigest}s inside PostgreSQL, one scan per table giving count and checksum
 * together (per segment for large tables, summed for the whole); no row reaches the JVM. Text the
 * row hash reads depends on the session's TimeZone, DateStyle, IntervalStyle and
 * extra_float_digits, which {@code PgSessions} fixes for every session.
 */
public final class TableDigester {

    private static final Set<String> INTEGER_TYPES = Set.of("smallint", "integer", "bigint");

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

    /** The segments of the buckets a chunk of the plan covers ({@link SegmentPlan#chunk}), for digesting one table on many sessions. */
    public List<Segment> segments(Connection connection, TableInfo table, SegmentPlan plan, RowHash hash, int from, int to)
            throws SQLException {
        List<Segment> segments = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT " + plan.bucketExpression() + " AS bucket, count(*), sum("
                     + hash.expression(table) + ")::text FROM " + table.table().quoted() + " t WHERE " + plan.chunk(from, to)
                     + " GROUP BY 1 ORDER BY 1")) {
            while (rs.next()) {
                segments.add(new Segment(rs.getInt(1), rs.getLong(2), rs.getString(3)));
            }
        }
        return segments;
    }

    /** A table digest put together from the segments its chunks gave. */
    public static TableDigest assemble(TableRef table, SegmentPlan plan, RowHash hash, List<Segment> segments) {
        List<Segment> sorted = segments.stream().sorted(java.util.Comparator.comparingInt(Segment::index)).toList();
        long rows = sorted.stream().mapToLong(Segment::rows).sum();
        BigDecimal checksum = sorted.stream().map(s -> new BigDecimal(s.checksum())).reduce(BigDecimal.ZERO, BigDecimal::add);
        return new TableDigest(table.schema(), table.name(), rows, true, checksum.toPlainString(), plan, sorted, hash);
    }

    private static TableDigest unpopulated(TableInfo table, RowHash hash) {
        return new TableDigest(table.table().schema(), table.table().name(), 0, false, "", null, List.of(), hash);
    }

    /** sum(bigint) adds exactly (into a numeric), so no cast is needed; casting each hash to numeric first costs 8%. */
    private static TableDigest whole(Connection connection, TableInfo table, RowHash hash) throws SQLException {
        TableRef ref = table.table();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*), coalesce(sum(" + hash.expression(table) + "), 0)::text FROM "
                     + ref.quoted() + " t")) {
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
                     + hash.expression(table) + ")::text FROM " + ref.quoted() + " t GROUP BY 1 ORDER BY 1")) {
            while (rs.next()) {
                Segment segment = new Segment(rs.getInt(1), rs.getLong(2), rs.getString(3));
                segments.add(segment);
                rows += segment.rows();
                checksum = checksum.add(new BigDecimal(segment.checksum()));
            }
        }
        return new TableDigest(ref.schema(), ref.name(), rows, true, checksum.toPlainString(), plan, segments, hash);
    }

    /** A plan for a table with a single integer key and, by the planner's estimate, at least segmentRows rows. */
    private static SegmentPlan plan(Connection connection, TableInfo table, long segmentRows) throws SQLException {
        if (table.primaryKey().size() != 1 || !table.kind().equals("r")) {
            return null;
        }
        String key = TableRef.quote(table.primaryKey().get(0));
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT min(t." + key + ")::text, max(t." + key + ")::text,"
                     + " pg_typeof(min(t." + key + "))::text,"
                     + " (SELECT reltuples FROM pg_class WHERE oid = '" + table.table().quoted().replace("'", "''") + "'::regclass)"
                     + " FROM " + table.table().quoted() + " t")) {
            rs.next();
            if (rs.getString(1) == null || !INTEGER_TYPES.contains(rs.getString(3))) {
                return null;
            }
            long low = Long.parseLong(rs.getString(1));
            long high = Long.parseLong(rs.getString(2));
            double estimate = rs.getDouble(4) > 0 ? rs.getDouble(4) : (double) high - low + 1;
            if (estimate < segmentRows) {
                return null;
            }
            int count = (int) Math.min(10_000, Math.ceil(estimate / segmentRows));
            long width = Math.max(1, (long) Math.ceil(((double) high - low + 1) / count));
            return new SegmentPlan(table.primaryKey().get(0), low, width, count);
        }
    }
}
