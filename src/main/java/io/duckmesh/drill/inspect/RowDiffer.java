package io.duckmesh.drill.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Finds the rows that differ in a table whose digests differ: streams (key, row hash) ordered by key
 * from both sides and merges them, so memory stays flat whatever the table's size; then fetches the
 * differing rows as JSON to name the columns that differ. A table without a primary key is
 * compared as a multiset of rows. Only tables that already differ are streamed.
 */
public final class RowDiffer {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int FETCH_SIZE = 10_000;

    /** One differing row: changed (both sides), missing (source only) or extra (restored only). */
    public record RowDiff(String kind, String key, String source, String restored, List<String> columns) {
    }

    /**
     * @param where a condition on the table aliased t limiting the rows compared (a key range), or "true"
     */
    public List<RowDiff> diff(Connection source, Connection restored, TableRef table, List<String> primaryKey, String where,
                              int maxRows) throws SQLException {
        return primaryKey.isEmpty() ? multisetDiff(source, restored, table, where, maxRows)
                : keyedDiff(source, restored, table, primaryKey, where, maxRows);
    }

    private List<RowDiff> keyedDiff(Connection source, Connection restored, TableRef table, List<String> pk, String where,
                                    int maxRows) throws SQLException {
        String keyText = pk.stream().map(c -> "t." + TableRef.quote(c) + "::text").collect(Collectors.joining(", "));
        String order = pk.stream().map(c -> "t." + TableRef.quote(c) + "::text COLLATE \"C\"").collect(Collectors.joining(", "));
        String sql = "SELECT md5((t.*)::text), " + keyText + " FROM " + table.quoted() + " t WHERE " + where + " ORDER BY " + order;
        List<String[]> differing = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        try (Cursor left = new Cursor(source, sql); Cursor right = new Cursor(restored, sql)) {
            String[] l = left.next();
            String[] r = right.next();
            while ((l != null || r != null) && differing.size() < maxRows) {
                int compare = l == null ? 1 : r == null ? -1 : compareKeys(l, r);
                if (compare == 0) {
                    if (!l[0].equals(r[0])) {
                        differing.add(l);
                        kinds.add("changed");
                    }
                    l = left.next();
                    r = right.next();
                } else if (compare < 0) {
                    differing.add(l);
                    kinds.add("missing");
                    l = left.next();
                } else {
                    differing.add(r);
                    kinds.add("extra");
                    r = right.next();
                }
            }
        }
        List<RowDiff> diffs = new ArrayList<>();
        for (int i = 0; i < differing.size(); i++) {
            String[] keyValues = Arrays.copyOfRange(differing.get(i), 1, differing.get(i).length);
            String key = describeKey(pk, keyValues);
            JsonNode s = kinds.get(i).equals("extra") ? null : fetch(source, table, pk, keyValues);
            JsonNode r = kinds.get(i).equals("missing") ? null : fetch(restored, table, pk, keyValues);
            diffs.add(new RowDiff(kinds.get(i), key, s == null ? "(no row)" : s.toString(), r == null ? "(no row)" : r.toString(),
                    differingColumns(s, r)));
        }
        return diffs;
    }

    private List<RowDiff> multisetDiff(Connection source, Connection restored, TableRef table, String where, int maxRows)
            throws SQLException {
        String sql = "SELECT md5((t.*)::text) AS h, count(*)::text, min(to_jsonb(t.*)::text) FROM " + table.quoted()
                + " t WHERE " + where + " GROUP BY 1 ORDER BY md5((t.*)::text) COLLATE \"C\"";
        List<RowDiff> diffs = new ArrayList<>();
        try (Cursor left = new Cursor(source, sql); Cursor right = new Cursor(restored, sql)) {
            String[] l = left.next();
            String[] r = right.next();
            while ((l != null || r != null) && diffs.size() < maxRows) {
                int compare = l == null ? 1 : r == null ? -1 : compareUtf8(l[0], r[0]);
                if (compare == 0) {
                    if (!l[1].equals(r[1])) {
                        diffs.add(new RowDiff(Long.parseLong(l[1]) > Long.parseLong(r[1]) ? "missing" : "extra",
                                "(no primary key)", l[1] + " x " + l[2], r[1] + " x " + r[2], List.of()));
                    }
                    l = left.next();
                    r = right.next();
                } else if (compare < 0) {
                    diffs.add(new RowDiff("missing", "(no primary key)", l[1] + " x " + l[2], "0 x (no such row)", List.of()));
                    l = left.next();
                } else {
                    diffs.add(new RowDiff("extra", "(no primary key)", "0 x (no such row)", r[1] + " x " + r[2], List.of()));
                    r = right.next();
                }
            }
        }
        return diffs;
    }

    private static JsonNode fetch(Connection connection, TableRef table, List<String> pk, String[] keyValues) throws SQLException {
        String where = pk.stream().map(c -> "t." + TableRef.quote(c) + "::text = ?").collect(Collectors.joining(" AND "));
        try (PreparedStatement statement = connection.prepareStatement("SELECT to_jsonb(t.*)::text FROM " + table.quoted() + " t WHERE " + where)) {
            for (int i = 0; i < keyValues.length; i++) {
                statement.setString(i + 1, keyValues[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? JSON.readTree(rs.getString(1)) : null;
            } catch (com.fasterxml.jackson.core.JsonProcessingException notJson) {
                throw new SQLException("Row of " + table + " is not valid JSON: " + notJson.getOriginalMessage(), notJson);
            }
        }
    }

    private static List<String> differingColumns(JsonNode source, JsonNode restored) {
        if (source == null || restored == null) {
            return List.of();
        }
        TreeSet<String> names = new TreeSet<>();
        source.fieldNames().forEachRemaining(names::add);
        restored.fieldNames().forEachRemaining(names::add);
        return names.stream().filter(n -> !Objects.equals(source.get(n), restored.get(n))).toList();
    }

    private static String describeKey(List<String> pk, String[] values) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < pk.size(); i++) {
            parts.add(pk.get(i) + "=" + values[i]);
        }
        return String.join(", ", parts);
    }

    private static int compareKeys(String[] left, String[] right) {
        for (int i = 1; i < left.length; i++) {
            int c = compareUtf8(left[i], right[i]);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** Byte order of UTF-8, which is how PostgreSQL orders text COLLATE "C". */
    static int compareUtf8(String a, String b) {
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    /** A server-side cursor (autocommit off, fetch size set) over rows of text columns. */
    private static final class Cursor implements AutoCloseable {

        private final Statement statement;
        private final ResultSet rows;
        private final int columns;
        private final boolean restoreAutoCommit;
        private final Connection connection;

        Cursor(Connection connection, String sql) throws SQLException {
            this.connection = connection;
            this.restoreAutoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            this.statement = connection.createStatement();
            statement.setFetchSize(FETCH_SIZE);
            this.rows = statement.executeQuery(sql);
            this.columns = rows.getMetaData().getColumnCount();
        }

        String[] next() throws SQLException {
            if (!rows.next()) {
                return null;
            }
            String[] values = new String[columns];
            for (int i = 0; i < columns; i++) {
                values[i] = rows.getString(i + 1);
            }
            return values;
        }

        @Override
        public void close() throws SQLException {
            try (statement; rows) {
                if (restoreAutoCommit) {
                    connection.commit();
                    connection.setAutoCommit(true);
                }
            }
        }
    }
}
