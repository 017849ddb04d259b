package io.duckmesh.drill.check;

import io.duckmesh.drill.inspect.QueryRows;
import io.duckmesh.drill.result.SourceProbe;
import io.duckmesh.drill.result.EvidenceTable;
import io.duckmesh.drill.result.CheckResult;
import io.duckmesh.drill.result.Finding;
import io.duckmesh.drill.inspect.Relation;
import io.duckmesh.drill.inspect.TableRef;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Checks references on the restored copy with an anti-join: every child row whose key columns are
 * all set must have its parent. pg_restore adds each foreign key after loading the data, and
 * PostgreSQL then reads every row to validate it, so a key that is VALID on the restored copy has
 * been checked already and is not scanned again. A constraint that was NOT VALID on the source, one
 * the restore lost, and a relation with no constraint at all are never checked by PostgreSQL, so
 * the drill checks them itself.
 */
public final class OrphanCheck {

    private static final int SAMPLE_ROWS = 5;

    /**
     * @param relations foreign keys and implicit relations to check
     * @param primaryKeys the primary key of each table, to name orphaned rows
     */
    public CheckResult check(Connection connection, String name, List<Relation> relations,
                             Map<TableRef, List<String>> primaryKeys) throws SQLException {
        return check(connection, name, relations, primaryKeys, Set.of());
    }

    /**
     * @param validatedByRestore the relations ({@link Relation#describe}) whose foreign key is VALID on the restored
     *                           copy: PostgreSQL checked their rows when pg_restore added them, so they are not scanned
     */
    public CheckResult check(Connection connection, String name, List<Relation> relations,
                             Map<TableRef, List<String>> primaryKeys, Set<String> validatedByRestore) throws SQLException {
        return check(connection, name, relations, primaryKeys, validatedByRestore, SourceProbe.none());
    }

    /**
     * As above; a relation with orphans is checked on the source too, and when the source has the
     * same orphaned rows (a NOT VALID key or an implicit relation the source itself breaks) the
     * finding is the source's.
     */
    public CheckResult check(Connection connection, String name, List<Relation> relations,
                             Map<TableRef, List<String>> primaryKeys, Set<String> validatedByRestore, SourceProbe source)
            throws SQLException {
        List<Finding> findings = new ArrayList<>();
        List<List<String>> evidence = new ArrayList<>();
        Set<TableRef> tables = primaryKeys.keySet();
        for (Relation relation : relations) {
            if (!tables.contains(relation.child()) || !tables.contains(relation.parent())) {
                TableRef missing = tables.contains(relation.child()) ? relation.parent() : relation.child();
                findings.add(Finding.restoredOnly(Finding.Code.RELATION_TABLE_MISSING, relation.describe(), "table " + missing + " of this relation does not exist",
                        "a table named " + missing, "(no such table)"));
                evidence.add(List.of(relation.describe(), label(relation), "table missing"));
                continue;
            }
            if (!relation.implicit() && validatedByRestore.contains(relation.describe())) {
                evidence.add(List.of(relation.describe(), label(relation),
                        "not scanned: VALID on the restored copy, so PostgreSQL checked every row when pg_restore added it"));
                continue;
            }
            List<String> pk = primaryKeys.getOrDefault(relation.child(), List.of());
            long orphans = 0;
            List<String> samples = new ArrayList<>();
            String sql = orphanQuery(relation, pk);
            try (Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery(sql)) {
                while (rs.next()) {
                    orphans = rs.getLong("orphans");
                    samples.add(describeRow(rs, pk, relation.childColumns()));
                }
            }
            evidence.add(List.of(relation.describe(), label(relation), Long.toString(orphans)));
            if (orphans > 0) {
                Finding finding = Finding.restoredOnly(Finding.Code.ORPHAN_ROWS, relation.child().toString(),
                        orphans + " orphaned row" + (orphans == 1 ? "" : "s") + " of " + label(relation) + " "
                                + relation.describe() + ", e.g. " + String.join("; ", samples),
                        "0 orphaned rows", Long.toString(orphans));
                findings.add(source.attribute(finding, sql, QueryRows.read(connection, sql, SAMPLE_ROWS), SAMPLE_ROWS));
            }
        }
        return CheckResult.expectation(name, relations.size() + " relations", findings,
                "rows whose parent is missing mean the backup caught the catalog mid-change or a table restored"
                        + " incompletely; compare the named rows with the source and read the restore log of stage 20 Restore.",
                new EvidenceTable(name, List.of("relation", "kind", "orphaned rows"), evidence));
    }

    private static String label(Relation relation) {
        if (relation.implicit()) {
            return "implicit relation";
        }
        return "foreign key " + relation.constraint() + (relation.validated() ? "" : " (NOT VALID)");
    }

    static String orphanQuery(Relation relation, List<String> pk) {
        String notNull = relation.childColumns().stream().map(c -> "c." + TableRef.quote(c) + " IS NOT NULL")
                .collect(Collectors.joining(" AND "));
        String join = IntStream.range(0, relation.childColumns().size())
                .mapToObj(i -> "p." + TableRef.quote(relation.parentColumns().get(i)) + " = c." + TableRef.quote(relation.childColumns().get(i)))
                .collect(Collectors.joining(" AND "));
        List<String> shown = new ArrayList<>(pk);
        relation.childColumns().stream().filter(c -> !pk.contains(c)).forEach(shown::add);
        String columns = shown.stream().map(c -> "c." + TableRef.quote(c) + "::text").collect(Collectors.joining(", "));
        return "SELECT count(*) OVER () AS orphans, " + columns
                + " FROM " + relation.child().quoted() + " c WHERE " + notNull
                + " AND NOT EXISTS (SELECT 1 FROM " + relation.parent().quoted() + " p WHERE " + join + ")"
                + " ORDER BY " + IntStream.rangeClosed(2, shown.size() + 1).mapToObj(Integer::toString).collect(Collectors.joining(", "))
                + " LIMIT " + SAMPLE_ROWS;
    }

    private static String describeRow(ResultSet rs, List<String> pk, List<String> childColumns) throws SQLException {
        List<String> shown = new ArrayList<>(pk);
        childColumns.stream().filter(c -> !pk.contains(c)).forEach(shown::add);
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < shown.size(); i++) {
            parts.add(shown.get(i) + "=" + rs.getString(i + 2));
        }
        return "row " + String.join(", ", parts);
    }
}
