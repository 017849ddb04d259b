package io.duckmesh.drill.check;

import io.duckmesh.drill.result.EvidenceTable;
import io.duckmesh.drill.result.CheckResult;
import io.duckmesh.drill.result.Finding;
import io.duckmesh.drill.inspect.RowCount;
import io.duckmesh.drill.inspect.TableRef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The profile's key tables exist and hold rows on both sides: a catalog whose snapshots table
 * restored empty is broken even when the source was empty too.
 */
public final class KeyTablesCheck {

    /** Key tables that the source does not have (Preflight). */
    public CheckResult present(Collection<TableRef> keyTables, Collection<TableRef> sourceTables) {
        List<Finding> findings = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        for (TableRef key : keyTables) {
            boolean present = sourceTables.contains(key);
            rows.add(List.of(key.toString(), present ? "present" : "MISSING"));
            if (!present) {
                findings.add(Finding.restoredOnly(Finding.Code.KEY_TABLE_MISSING, key.toString(), "key table missing from the source",
                        "a table named " + key, "(no such table)"));
            }
        }
        return new CheckResult("key tables present", keyTables.size() + " key tables", findings,
                "fix key-tables in the drill profile (drill.profile) or point the drill at the right source database.",
                "expected", "source  ", new EvidenceTable("key tables", List.of("table", "source"), rows));
    }

    /** Key tables that are empty on either side (RowCountParity). */
    public CheckResult nonEmpty(Collection<TableRef> keyTables, Map<TableRef, RowCount> source, Map<TableRef, RowCount> restored) {
        List<Finding> findings = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        for (TableRef key : keyTables) {
            long left = source.getOrDefault(key, RowCount.notPopulated()).rows();
            long right = restored.getOrDefault(key, RowCount.notPopulated()).rows();
            rows.add(List.of(key.toString(), Long.toString(left), Long.toString(right)));
            if (left == 0 || right == 0) {
                findings.add(new Finding(Finding.Code.KEY_TABLE_EMPTY, key.toString(), "key table is empty", Long.toString(left), Long.toString(right)));
            }
        }
        return CheckResult.parity("key tables non-empty", keyTables.size() + " key tables", findings,
                "an empty key table means the catalog is unusable; check that the source is the live catalog and"
                        + " read the restore log of stage 20 Restore.",
                new EvidenceTable("key table rows", List.of("table", "source", "restored"), rows));
    }
}
