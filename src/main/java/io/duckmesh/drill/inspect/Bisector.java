package io.duckmesh.drill.inspect;

import io.duckmesh.drill.inspect.RowDiffer.RowDiff;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * Narrows a table whose digests differ down to the differing rows the way data-diff does: checksum
 * a key range on both sides at once, split it into {@link #FANOUT} sub-ranges, recurse into the
 * sub-ranges whose count or checksum differ, and compare rows only in ranges of at most
 * {@link #LEAF_ROWS} rows. A table with a single integer key is split on the key (index range
 * scans); any other table on a 64-bit hash of its key text (or, without a primary key, of its row
 * text), which partitions rows the same way on both sides. Only differing ranges are read twice.
 */
public final class Bisector {

    public static final int FANOUT = 16;
    public static final long LEAF_ROWS = 1_000;
    private static final Set<String> INTEGER_TYPES = Set.of("smallint", "integer", "bigint");

    /** How far a table was narrowed: levels of splitting, range checksums taken per side, rows compared per side. */
    public record Stats(int levels, int rangesChecksummed, long rowsCompared, int leafRanges) {
    }

    /** The differing rows found (at most the budget) and how they were found. */
    public record Result(TableRef table, String splitOn, List<RowDiff> rows, Stats stats) {
    }

    private record KeyRange(String scope, BigInteger low, BigInteger high, long sourceRows, long restoredRows, int depth) {
        String condition(String expression) {
            return "(" + scope + ") AND " + expression + " >= " + low + " AND " + expression + " <= " + high;
        }
    }

    private final RowDiffer differ = new RowDiffer();

    /**
     * @param scopes WHERE conditions on the table aliased t that cover every difference (differing segments, or "true")
     */
    public Result bisect(Connection source, Connection restored, TableRef table, List<String> primaryKey, List<String> scopes,
                         int maxRows) throws SQLException {
        String expression = splitExpression(source, table, primaryKey);
        ExecutorService sides = Executors.newFixedThreadPool(2);
        try {
            List<RowDiff> rows = new ArrayList<>();
            int levels = 0;
            int checksummed = 0;
            long compared = 0;
            int leaves = 0;
            Deque<KeyRange> work = new ArrayDeque<>();
            for (int i = scopes.size() - 1; i >= 0; i--) {
                KeyRange range = bounds(sides, source, restored, table, expression, scopes.get(i));
                if (range != null) {
                    work.push(range);
                }
            }
            while (!work.isEmpty() && rows.size() < maxRows) {
                KeyRange range = work.pop();
                levels = Math.max(levels, range.depth());
                if (range.low().equals(range.high()) || Math.max(range.sourceRows(), range.restoredRows()) <= LEAF_ROWS) {
                    rows.addAll(differ.diff(source, restored, table, primaryKey, range.condition(expression), maxRows - rows.size()));
                    compared += Math.max(range.sourceRows(), range.restoredRows());
                    leaves++;
                    continue;
                }
                List<KeyRange> differing = split(sides, source, restored, table, expression, range);
                checksummed += FANOUT;
                for (int i = differing.size() - 1; i >= 0; i--) {
                    work.push(differing.get(i));
                }
            }
            return new Result(table, expression, rows, new Stats(levels, checksummed, compared, leaves));
        } finally {
            sides.shutdownNow();
        }
    }

    /** The key column itself for a single integer key, else a 64-bit hash of the key's (or row's) text. */
    static String splitExpression(Connection connection, TableRef table, List<String> primaryKey) throws SQLException {
        if (primaryKey.size() == 1) {
            try (PreparedStatement statement = connection.prepareStatement("SELECT format_type(atttypid, NULL) FROM pg_attribute"
                    + " WHERE attrelid = ?::regclass AND attname = ?")) {
                statement.setString(1, table.quoted());
                statement.setString(2, primaryKey.get(0));
                try (ResultSet rs = statement.executeQuery()) {
                    if (rs.next() && INTEGER_TYPES.contains(rs.getString(1))) {
                        return "t." + TableRef.quote(primaryKey.get(0));
                    }
                }
            }
        }
        String text = primaryKey.isEmpty() ? "(t.*)::text"
                : "ROW(" + primaryKey.stream().map(c -> "t." + TableRef.quote(c)).collect(Collectors.joining(", ")) + ")::text";
        return "hashtextextended(" + text + ", 0)";
    }

    private static KeyRange bounds(ExecutorService sides, Connection source, Connection restored, TableRef table, String expression,
                                   String scope) {
        String sql = "SELECT min(" + expression + ")::text, max(" + expression + ")::text, count(*) FROM " + table.quoted()
                + " t WHERE " + scope;
        List<String[]> both = onBothSides(sides, source, restored, sql);
        BigInteger low = null;
        BigInteger high = null;
        for (String[] side : both) {
            if (side[0] != null) {
                low = low == null ? new BigInteger(side[0]) : low.min(new BigInteger(side[0]));
                high = high == null ? new BigInteger(side[1]) : high.max(new BigInteger(side[1]));
            }
        }
        return low == null ? null
                : new KeyRange(scope, low, high, Long.parseLong(both.get(0)[2]), Long.parseLong(both.get(1)[2]), 0);
    }

    private static List<KeyRange> split(ExecutorService sides, Connection source, Connection restored, TableRef table,
                                        String expression, KeyRange range) {
        BigInteger span = range.high().subtract(range.low()).add(BigInteger.ONE);
        BigInteger[] division = span.divideAndRemainder(BigInteger.valueOf(FANOUT));
        BigInteger width = division[1].signum() == 0 ? division[0] : division[0].add(BigInteger.ONE);
        String sql = "SELECT floor((" + expression + "::numeric - " + range.low() + ") / " + width + ")::int, count(*), coalesce(sum("
                + RowHash.ROW_TEXT_SQL + "), 0)::text FROM " + table.quoted() + " t WHERE " + range.condition(expression)
                + " GROUP BY 1";
        List<List<String[]>> both = onBothSidesAll(sides, source, restored, sql);
        Map<Integer, String[]> left = byBucket(both.get(0));
        Map<Integer, String[]> right = byBucket(both.get(1));
        TreeSet<Integer> buckets = new TreeSet<>(left.keySet());
        buckets.addAll(right.keySet());
        List<KeyRange> differing = new ArrayList<>();
        for (int bucket : buckets) {
            String[] l = left.get(bucket);
            String[] r = right.get(bucket);
            if (l == null || r == null || !Objects.equals(l[1], r[1]) || !Objects.equals(l[2], r[2])) {
                BigInteger low = range.low().add(width.multiply(BigInteger.valueOf(bucket)));
                BigInteger high = low.add(width).subtract(BigInteger.ONE).min(range.high());
                differing.add(new KeyRange(range.scope(), low, high, l == null ? 0 : Long.parseLong(l[1]),
                        r == null ? 0 : Long.parseLong(r[1]), range.depth() + 1));
            }
        }
        return differing;
    }

    private static Map<Integer, String[]> byBucket(List<String[]> rows) {
        Map<Integer, String[]> buckets = new TreeMap<>();
        rows.forEach(row -> buckets.put(Integer.parseInt(row[0]), row));
        return buckets;
    }

    private static List<String[]> onBothSides(ExecutorService sides, Connection source, Connection restored, String sql) {
        return onBothSidesAll(sides, source, restored, sql).stream().map(rows -> rows.get(0)).toList();
    }

    /** Runs the query on the source and the restored session at the same time. */
    private static List<List<String[]>> onBothSidesAll(ExecutorService sides, Connection source, Connection restored, String sql) {
        CompletableFuture<List<String[]>> left = CompletableFuture.supplyAsync(() -> query(source, sql), sides);
        CompletableFuture<List<String[]>> right = CompletableFuture.supplyAsync(() -> query(restored, sql), sides);
        try {
            return List.of(left.join(), right.join());
        } catch (CompletionException failed) {
            throw failed.getCause() instanceof RuntimeException cause ? cause : failed;
        }
    }

    private static List<String[]> query(Connection connection, String sql) {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            List<String[]> rows = new ArrayList<>();
            while (rs.next()) {
                String[] row = new String[columns];
                for (int i = 0; i < columns; i++) {
                    row[i] = rs.getString(i + 1);
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException failed) {
            throw new IllegalStateException("Narrowing a content difference failed on " + sql + ": " + failed.getMessage(), failed);
        }
    }
}
