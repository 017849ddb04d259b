package io.duckmesh.drill.check;

import io.duckmesh.drill.result.EvidenceTable;
import io.duckmesh.drill.result.CheckResult;
import io.duckmesh.drill.result.Finding;
import io.duckmesh.drill.inspect.RowCount;
import io.duckmesh.drill.inspect.TableRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Every table's exact row count on the restored copy equals the source's; no table is missing.
 * A table that another stage compares row by row (the migration history) is shown but left to
 * that stage, so one fault fails one stage.
 */
public final class RowCountParityCheck {

    /**
     * @param ownedElsewhere tables compared in full by another stage, with that stage's label
     */
    public CheckResult compare(Map<TableRef, RowCount> source, Map<TableRef, RowCount> restored,
                               Map<TableRef, String> ownedElsewhere) {
        return compare(source, restored, ownedElsewhere, "");
    }

    /** @param label appended to every finding's problem, such as a live-source warning; empty for none */
    public CheckResult compare(Map<TableRef, RowCount> source, Map<TableRef, RowCount> restored,
                               Map<TableRef, String> ownedElsewhere, String label) {
        return compare(source, restored, ownedElsewhere, label, Map.of());
    }

    /** @param byDesign notes for the tables whose difference pg_restore makes on purpose ({@link RefreshedViews}) */
    public CheckResult compare(Map<TableRef, RowCount> source, Map<TableRef, RowCount> restored,
                               Map<TableRef, String> ownedElsewhere, String label, Map<TableRef, String> byDesign) {
        List<Finding> findings = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        TreeSet<TableRef> tables = new TreeSet<>(source.keySet());
        tables.addAll(restored.keySet());
        for (TableRef table : tables) {
            String left = source.containsKey(table) ? source.get(table).toString() : "(no such table)";
            String right = restored.containsKey(table) ? restored.get(table).toString() : "(no such table)";
            boolean same = left.equals(right);
            if (ownedElsewhere.containsKey(table)) {
                rows.add(List.of(table.toString(), left, right, "compared row by row in " + ownedElsewhere.get(table)));
                continue;
            }
            rows.add(List.of(table.toString(), left, right, same ? "same" : byDesign.containsKey(table) ? "differs by design" : "DIFFERS"));
            if (!same) {
                Finding finding = new Finding(code(source, restored, table), table.toString(), problem(source, restored, table) + label, left, right);
                findings.add(byDesign.containsKey(table) ? finding.as(Finding.Kind.BY_DESIGN, byDesign.get(table)) : finding);
            }
        }
        return CheckResult.parity("row count parity", tables.size() + " tables", findings,
                "the restore lost or gained rows; read the restore log attached to stage 20 Restore for the"
                        + " table's COPY step, and take a new dump if the archive is damaged.",
                new EvidenceTable("row counts", List.of("table", "source", "restored", "result"), rows));
    }

    private static Finding.Code code(Map<TableRef, RowCount> source, Map<TableRef, RowCount> restored, TableRef table) {
        return !restored.containsKey(table) ? Finding.Code.TABLE_MISSING
                : !source.containsKey(table) ? Finding.Code.TABLE_EXTRA : Finding.Code.ROW_COUNT_DIFFERS;
    }

    private static String problem(Map<TableRef, RowCount> source, Map<TableRef, RowCount> restored, TableRef table) {
        if (!restored.containsKey(table)) {
            return "table missing from the restored copy";
        }
        if (!source.containsKey(table)) {
            return "table exists only in the restored copy";
        }
        return "row count differs";
    }
}
