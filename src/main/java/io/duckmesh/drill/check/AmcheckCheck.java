package io.duckmesh.drill.check;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Physical consistency of the restored copy with PostgreSQL's amcheck: every B-tree index with
 * {@code bt_index_check(index, heapallindexed => true)} and every table with {@code verify_heapam}.
 * The extension goes into a schema of its own, created after the parity stages have looked.
 */
public final class AmcheckCheck {

    static final String SCHEMA = "drill_amcheck";

    /** Installs amcheck on the restored copy; empty when it worked, else why it cannot (the check is then skipped). */
    public Optional<String> install(Connection connection) {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
            statement.execute("CREATE EXTENSION IF NOT EXISTS amcheck SCHEMA " + SCHEMA);
            return Optional.empty();
        } catch (SQLException unavailable) {
            return Optional.of("CREATE EXTENSION amcheck failed on the restored copy: " + unavailable.getMessage()
                    + " (install the server's contrib package, or let the restore role create extensions)");
        }
    }

    /** @param schemas drilled schemas; empty means all but the system ones */
    public CheckResult check(Connection connection, List<String> schemas) throws SQLException {
        return check(connection, schemas, 0, 1);
    }

    /**
     * Checks one share of the objects, so that several sessions can split the work: the indexes and
     * tables, largest first, dealt out in turn, this session taking every {@code parts}-th from {@code part}.
     */
    public CheckResult check(Connection connection, List<String> schemas, int part, int parts) throws SQLException {
        connection.setAutoCommit(true);
        List<Finding> findings = new ArrayList<>();
        List<List<String>> evidence = new ArrayList<>();
        String filter = " AND n.nspname NOT IN ('pg_catalog', 'information_schema', '" + SCHEMA + "')"
                + " AND n.nspname NOT LIKE 'pg\\_toast%' AND (cardinality(?::text[]) = 0 OR n.nspname = ANY (?::text[]))";
        List<String[]> indexes = list(connection, "SELECT c.oid::text, n.nspname || '.' || c.relname FROM pg_class c"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_am a ON a.oid = c.relam"
                + " JOIN pg_index i ON i.indexrelid = c.oid"
                + " WHERE c.relkind = 'i' AND a.amname = 'btree' AND i.indisvalid AND i.indisready" + filter
                + " ORDER BY pg_relation_size(i.indrelid) DESC, 2", schemas, part, parts);
        for (String[] index : indexes) {
            String result = run(connection, "SELECT " + SCHEMA + ".bt_index_check(" + index[0] + "::regclass, true)");
            evidence.add(List.of("index " + index[1], result.isEmpty() ? "ok" : result));
            if (!result.isEmpty()) {
                findings.add(Finding.restoredOnly("index " + index[1], "amcheck bt_index_check found corruption",
                        "no corruption", result));
            }
        }
        List<String[]> tables = list(connection, "SELECT c.oid::text, n.nspname || '.' || c.relname FROM pg_class c"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE c.relkind IN ('r', 'm', 't') AND c.relpersistence <> 't'"
                + " AND (c.relkind <> 'm' OR c.relispopulated)" + filter + " ORDER BY pg_relation_size(c.oid) DESC, 2", schemas,
                part + 1, parts);
        for (String[] table : tables) {
            String result = run(connection, "SELECT string_agg(format('block %s offset %s: %s', blkno, offnum, msg), '; ')"
                    + " FROM (SELECT * FROM " + SCHEMA + ".verify_heapam(" + table[0] + "::regclass) LIMIT 5) v");
            evidence.add(List.of("table " + table[1], result.isEmpty() ? "ok" : result));
            if (!result.isEmpty()) {
                findings.add(Finding.restoredOnly("table " + table[1], "amcheck verify_heapam found corruption",
                        "no corruption", result));
            }
        }
        return CheckResult.expectation("amcheck", indexes.size() + " indexes and " + tables.size() + " tables"
                        + (parts > 1 ? " (share " + (part + 1) + " of " + parts + ")" : ""), findings,
                "the restored copy is physically damaged: REINDEX the named index, and suspect the restore server's storage;"
                        + " a damaged table cannot be trusted at all.",
                new EvidenceTable("amcheck", List.of("object", "result"), evidence));
    }

    /** Runs one amcheck call; empty when it reports nothing, else its error or report. */
    private static String run(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            String report = rs.getString(1);
            return report == null ? "" : report;
        } catch (SQLException corruption) {
            if (corruption.getSQLState() != null && corruption.getSQLState().startsWith("XX")) {
                return corruption.getMessage();
            }
            throw corruption;
        }
    }

    /** The rows of this share: the {@code i}-th row of the list goes to share {@code (offset + i) % parts}. */
    private static List<String[]> list(Connection connection, String sql, List<String> schemas, int offset, int parts)
            throws SQLException {
        List<String[]> rows = new ArrayList<>();
        int row = 0;
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            java.sql.Array array = connection.createArrayOf("text", schemas.toArray());
            statement.setArray(1, array);
            statement.setArray(2, array);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    if ((offset + row++) % parts == 0) {
                        rows.add(new String[] {rs.getString(1), rs.getString(2)});
                    }
                }
            }
        }
        return rows;
    }
}
