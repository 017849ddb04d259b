package io.duckmesh.drill.stages;

import io.duckmesh.drill.DrillContext;
import io.duckmesh.drill.backup.SourceSnapshot;
import io.duckmesh.drill.check.CheckResult;
import io.duckmesh.drill.check.ContentParityCheck;
import io.duckmesh.drill.inspect.CatalogInventory;
import io.duckmesh.drill.inspect.RowDiffer;
import io.duckmesh.drill.inspect.RowDiffer.RowDiff;
import io.duckmesh.drill.inspect.TableDigest;
import io.duckmesh.drill.inspect.ParallelDigester;
import io.duckmesh.drill.inspect.TableInfo;
import io.duckmesh.drill.inspect.TableRef;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

@DrillStage
@Order(50)
@DisplayName("50 ContentParity")
class ContentParityIT {

    @Test
    void everyTableHasTheSourceContent(DrillContext drill, StageSupport stage) throws Exception {
        if (drill.dryRun()) {
            stage.plan("checksum every table of the restored copy and compare with the manifest",
                    "SELECT count(*), sum(('x' || substr(md5(t::text), 1, 16))::bit(64)::bigint::numeric) FROM <table> t");
            stage.plan("for a table that differs, merge (key, md5(row)) of both sides ordered by key, in the dump's snapshot",
                    "SELECT md5(t::text), <key>::text FROM <table> t ORDER BY <key>::text COLLATE \"C\"");
            return;
        }
        CatalogInventory inventory = new CatalogInventory(drill.settings().schemas());
        Map<TableRef, TableDigest> source = drill.manifest().digests();
        Map<TableRef, List<String>> primaryKeys = new TreeMap<>();
        int parallelism = drill.settings().parallelism();
        Map<TableRef, TableDigest> restored = drill.evidence().step("checksum every table of the restored copy on "
                + parallelism + " sessions (drill.parallelism)", () -> {
            List<TableInfo> tables;
            try (Connection connection = drill.sessions().openWritable(drill.restored())) {
                tables = inventory.tables(connection);
            }
            tables.forEach(table -> primaryKeys.put(table.table(), table.primaryKey()));
            return new ParallelDigester(parallelism).digestAll(tables, source, () -> drill.sessions().openWritable(drill.restored()));
        });
        Map<TableRef, String> ownedElsewhere = drill.source().profile().migrationsTable()
                .map(table -> Map.of(table, "60 MigrationParity")).orElse(Map.of());
        ContentParityCheck check = new ContentParityCheck();
        List<TableRef> differing = check.differingTables(source, restored, ownedElsewhere);
        Map<TableRef, List<RowDiff>> rowDiffs = differing.isEmpty() ? Map.of()
                : drill.evidence().step("find the differing rows of " + differing,
                        () -> diffRows(drill, differing, primaryKeys, source, restored));
        String label = drill.snapshot().isPresent() ? ""
                : " (compared with the live source after the dump: writes since the dump may explain it)";
        CheckResult result = check.compare(source, restored, ownedElsewhere, rowDiffs, label);
        if (!rowDiffs.isEmpty()) {
            drill.evidence().table(check.rowsTable(rowDiffs));
        }
        stage.verify(result);
    }

    private static Map<TableRef, List<RowDiff>> diffRows(DrillContext drill, List<TableRef> tables,
                                                       Map<TableRef, List<String>> primaryKeys,
                                                       Map<TableRef, TableDigest> source, Map<TableRef, TableDigest> restored)
            throws Exception {
        Map<TableRef, List<RowDiff>> diffs = new LinkedHashMap<>();
        int budget = drill.settings().contentMaxDiffRows();
        try (Connection sourceSession = openSource(drill);
             Connection restoredSession = drill.sessions().openWritable(drill.restored())) {
            RowDiffer differ = new RowDiffer();
            for (TableRef table : tables) {
                if (budget <= 0) {
                    break;
                }
                List<RowDiff> rows = new ArrayList<>();
                for (String range : ContentParityCheck.differingRanges(source.get(table), restored.get(table))) {
                    rows.addAll(differ.diff(sourceSession, restoredSession, table, primaryKeys.getOrDefault(table, List.of()),
                            range, budget - rows.size()));
                    if (rows.size() >= budget) {
                        break;
                    }
                }
                diffs.put(table, rows);
                budget -= rows.size();
            }
        }
        return diffs;
    }

    /** The source as the dump saw it (the exported snapshot), or the live source under drill.parity.live-source. */
    private static Connection openSource(DrillContext drill) throws Exception {
        return drill.snapshot().isPresent() ? drill.snapshot().map(s -> open(drill, s)).orElseThrow()
                : drill.sessions().openReadOnly(drill.source().endpoint());
    }

    private static Connection open(DrillContext drill, SourceSnapshot snapshot) {
        try {
            return snapshot.open(drill.sessions());
        } catch (java.sql.SQLException failed) {
            throw new IllegalStateException("Cannot reopen " + snapshot + " to find the differing rows: " + failed.getMessage(), failed);
        }
    }
}
