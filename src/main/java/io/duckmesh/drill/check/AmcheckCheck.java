package io.duckmesh.drill.check;

import io.duckmesh.drill.result.EvidenceTable;
import io.duckmesh.drill.result.CheckResult;
import io.duckmesh.drill.result.Finding;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Physical consistency of the restored copy with PostgreSQL's amcheck: every B-tree index with
 * {@code bt_index_check} (its structure: page and item order, parent-child links) and every table
 * with {@code verify_heapam}. With drill.amcheck.heapallindexed, each index check also reads the
 * table's heap and verifies that every row has its index entry, which costs one more heap scan per
 * index. The extension goes into a schema of its own, created after the parity stages have looked.
 */
public final class AmcheckCheck {

    static final String SCHEMA = "drill_amcheck";

    /** One object to verify: an index or a table, and how many bytes checking it reads. */
    public record Target(boolean index, String oid, String name, long bytes) {
        String label() {
            return (index ? "index " : "table ") + name;
        }
    }

    private final boolean heapAllIndexed;

    /** @param heapAllIndexed bt_index_check's heapallindexed: also verify every heap row has its index entry */
    public AmcheckCheck(boolean heapAllIndexed) {
        this.heapAllIndexed = heapAllIndexed;
    }

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

    /**
     * Every valid B-tree index and every table in the drilled schemas, costliest first, so that
     * sessions drawing from one queue finish close together.
     *
     * @param schemas drilled schemas; empty means all but the system ones
     */
    public List<Target> targets(Connection connection, List<String> schemas) throws SQLException {
        String filter = " AND n.nspname NOT IN ('pg_catalog', 'information_schema', '" + SCHEMA + "')"
                + " AND n.nspname NOT LIKE 'pg\\_toast%' AND (cardinality(?::text[]) = 0 OR n.nspname = ANY (?::text[]))";
        String sql = "SELECT true, c.oid::text, n.nspname || '.' || c.relname,"
                + " pg_relation_size(c.oid) + " + (heapAllIndexed ? "pg_relation_size(i.indrelid)" : "0") + " FROM pg_class c"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_am a ON a.oid = c.relam"
                + " JOIN pg_index i ON i.indexrelid = c.oid"
                + " WHERE c.relkind = 'i' AND a.amname = 'btree' AND i.indisvalid AND i.indisready" + filter
                + " UNION ALL SELECT false, c.oid::text, n.nspname || '.' || c.relname, pg_relation_size(c.oid) FROM pg_class c"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                // verify_heapam reads heap tables only; a table of another access method is left out
                + " WHERE c.relkind IN ('r', 'm', 't') AND c.relpersistence <> 't' AND c.relam = (SELECT oid FROM pg_am WHERE amname = 'heap')"
                + " AND (c.relkind <> 'm' OR c.relispopulated)" + filter + " ORDER BY 4 DESC, 3, 1 DESC";
        List<Target> targets = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            java.sql.Array array = connection.createArrayOf("text", schemas.toArray());
            for (int i = 1; i <= 4; i++) {
                statement.setArray(i, array);
            }
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    targets.add(new Target(rs.getBoolean(1), rs.getString(2), rs.getString(3), rs.getLong(4)));
                }
            }
        }
        return targets;
    }

    /** Checks every target on one session. */
    public CheckResult check(Connection connection, List<String> schemas) throws SQLException {
        List<Target> targets = targets(connection, schemas);
        return check(connection, new ConcurrentLinkedQueue<>(targets), scope(targets));
    }

    /**
     * Checks targets drawn from a queue until it is empty; several sessions drawing from one queue
     * share the work, and {@link CheckResult#merged} puts their results together.
     */
    public CheckResult check(Connection connection, Queue<Target> work, String scope) throws SQLException {
        connection.setAutoCommit(true);
        List<Finding> findings = new ArrayList<>();
        List<List<String>> evidence = new ArrayList<>();
        for (Target target = work.poll(); target != null; target = work.poll()) {
            String result = target.index()
                    ? run(connection, "SELECT " + SCHEMA + ".bt_index_check(" + target.oid() + "::regclass, " + heapAllIndexed + ")")
                    : run(connection, "SELECT string_agg(format('block %s offset %s: %s', blkno, offnum, msg), '; ')"
                            + " FROM (SELECT * FROM " + SCHEMA + ".verify_heapam(" + target.oid() + "::regclass) LIMIT 5) v");
            evidence.add(List.of(target.label(), result.isEmpty() ? "ok" : result));
            if (!result.isEmpty()) {
                findings.add(Finding.restoredOnly(Finding.Code.AMCHECK_CORRUPTION, target.label(), "amcheck " + (target.index() ? "bt_index_check" : "verify_heapam")
                        + " found corruption", "no corruption", result));
            }
        }
        return CheckResult.expectation("amcheck", scope, findings,
                "the restored copy is physically damaged: REINDEX the named index, and suspect the restore server's storage;"
                        + " a damaged table cannot be trusted at all.",
                new EvidenceTable("amcheck", List.of("object", "result"), evidence));
    }

    /** What the targets are, for a result's scope: "11 indexes (heapallindexed) and 5 tables". */
    public String scope(List<Target> targets) {
        long indexes = targets.stream().filter(Target::index).count();
        return indexes + " indexes" + (heapAllIndexed ? " (heapallindexed)" : "") + " and " + (targets.size() - indexes) + " tables";
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
}
