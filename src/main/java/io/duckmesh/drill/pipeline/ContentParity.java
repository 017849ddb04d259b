package io.duckmesh.drill.pipeline;

import io.duckmesh.drill.backup.SourceSnapshot;
import io.duckmesh.drill.result.CheckResult;
import io.duckmesh.drill.check.ContentParityCheck;
import io.duckmesh.drill.check.LargeObjectCheck;
import io.duckmesh.drill.inspect.LargeObjects;
import io.duckmesh.drill.inspect.CatalogInventory;
import io.duckmesh.drill.inspect.Bisector;
import io.duckmesh.drill.inspect.RowDiffer.RowDiff;
import io.duckmesh.drill.inspect.TableDigest;
import io.duckmesh.drill.inspect.TableRef;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.TreeMap;

/**
 * 50 ContentParity: every table's content checksum is the manifest's; a difference is narrowed to its rows on both
 * sides; large objects by oid range.
 */
public final class ContentParity implements StageStep {

    @Override
    public void run(DrillContext drill, StageScope stage) throws Exception {
        if (drill.dryRun()) {
            stage.plan("compare every table's checksum, taken by RowCountParity in the scan that counted it, with the manifest's",
                    "SELECT count(*), sum(hashint8extended(hash_record_extended(ROW(t.<column>, t.<column>::text COLLATE \"C\", ...), 0), 0))"
                            + " FROM <table> t  -- the manifest's row hash; row-text: hashtextextended((t.*)::text, 0)");
            stage.plan("for a table that differs, checksum 16 sub-ranges of each differing key range on both sides (the source"
                            + " in the dump's snapshot) and recurse into those that differ",
                    "SELECT floor((<key or hash> - <low>) / <width>), count(*), sum(<row hash>) FROM <table> t WHERE <range> GROUP BY 1");
            stage.plan("in ranges of at most 1000 rows, merge (key, md5(row)) of both sides ordered by key",
                    "SELECT md5((t.*)::text), <key>::text FROM <table> t WHERE <range> ORDER BY <key>::text COLLATE \"C\"");
            return;
        }
        drill.sourceSide().dataParitySkipped().ifPresent(reason -> stage.skip("content not compared: " + reason));
        CatalogInventory inventory = new CatalogInventory(drill.settings().schemas());
        Map<TableRef, TableDigest> source = drill.manifest().digests();
        Map<TableRef, List<String>> primaryKeys = new TreeMap<>();
        Map<TableRef, String> carriedRows = new TreeMap<>();
        Optional<Counted> counted = drill.counted();
        Map<TableRef, TableDigest> restored = counted.isPresent() ? counted.get().digests()
                : drill.evidence().step(RestoredDigests.stepName(drill), () -> RestoredDigests.take(drill));
        try (Connection connection = drill.sessions().openWritable(drill.restored())) {
            inventory.tables(connection).forEach(table -> {
                primaryKeys.put(table.table(), table.primaryKey());
                carriedRows.put(table.table(), table.rows());
            });
        }
        Map<TableRef, String> ownedElsewhere = drill.source().profile().migrationsTable()
                .map(table -> Map.of(table, "60 MigrationParity")).orElse(Map.of());
        ContentParityCheck check = new ContentParityCheck();
        Map<TableRef, String> byDesign = counted.isPresent() ? counted.get().refreshedViews()
                : RestoredDigests.refreshedViews(drill, restored);
        Map<TableRef, String> notBisected = new TreeMap<>(ownedElsewhere);
        notBisected.putAll(byDesign);
        List<TableRef> differing = check.differingTables(source, restored, notBisected);
        List<Bisector.Result> narrowed = differing.isEmpty() ? List.of()
                : drill.evidence().step("find the differing rows of " + differing + " by bisecting key ranges",
                        () -> diffRows(drill, differing, primaryKeys, carriedRows, source, restored));
        Map<TableRef, List<RowDiff>> rowDiffs = new LinkedHashMap<>();
        io.duckmesh.drill.check.RowValues values = drill.rowValues();
        narrowed.forEach(result -> rowDiffs.put(result.table(), result.rows().stream().map(values::apply).toList()));
        if (!values.shows() && !narrowed.isEmpty()) {
            drill.evidence().note("row values: " + drill.settings().evidenceValues() + " (drill.evidence.values); the differing rows"
                    + " below show " + (drill.settings().evidenceValues().equals("hash") ? "each value as a hash keyed for this run:"
                    + " equal values hash alike" : "their column names and keys only"));
        }
        String label = drill.sourceSide().label();
        CheckResult result = check.compare(source, restored, ownedElsewhere, rowDiffs, label,
                drill.sourceSide().rowsLabel(), byDesign);
        if (!narrowed.isEmpty()) {
            drill.evidence().table(check.bisectionTable(narrowed));
            drill.evidence().table(check.rowsTable(rowDiffs));
        }
        stage.verify(drill.manifest().largeObjects() == null ? List.of(result) : List.of(result, largeObjects(drill)));
    }

    /** The large objects' range digests against the manifest's, each object of a differing range named. */
    private static CheckResult largeObjects(DrillContext drill) throws Exception {
        LargeObjects objects = new LargeObjects();
        List<LargeObjects.Range> source = drill.manifest().largeObjects();
        List<LargeObjects.Range> restored;
        try (Connection connection = drill.sessions().openReadOnly(drill.restored())) {
            connection.setAutoCommit(false);
            restored = drill.evidence().step("digest the restored copy's large objects by oid range", () -> objects.digest(connection));
        }
        boolean ownership = drill.restoredOwners() == Restored.Owners.RESTORED;
        List<Long> differing = LargeObjects.differingRanges(source, restored, ownership);
        List<List<String>> differences = new ArrayList<>();
        if (!differing.isEmpty()) {
            drill.evidence().step("read the large objects of oid ranges " + differing + " on both sides", () -> {
                try (Connection sourceSession = openSource(drill); Connection restoredSession = drill.sessions().openReadOnly(drill.restored())) {
                    restoredSession.setAutoCommit(false);
                    for (long low : differing) {
                        differences.addAll(LargeObjects.differences(objects.range(sourceSession, low), objects.range(restoredSession, low),
                                ownership));
                    }
                }
                return differences.size();
            });
        }
        return new LargeObjectCheck().compare(source, restored, differences, ownership, drill.sourceSide().rowsLabel());
    }

    private static List<Bisector.Result> diffRows(DrillContext drill, List<TableRef> tables,
                                                 Map<TableRef, List<String>> primaryKeys, Map<TableRef, String> carriedRows,
                                                 Map<TableRef, TableDigest> source, Map<TableRef, TableDigest> restored)
            throws Exception {
        List<Bisector.Result> results = new ArrayList<>();
        int budget = drill.settings().contentMaxDiffRows();
        // Each table's source reads import the snapshot in a transaction of their own, which ends (and
        // releases its lock on that one table) before the next table is narrowed.
        try (Connection restoredSession = drill.sessions().openWritable(drill.restored())) {
            Bisector bisector = new Bisector();
            for (TableRef table : tables) {
                if (budget <= 0) {
                    break;
                }
                int remaining = budget;
                Bisector.Result result;
                try (Connection sourceSession = openSource(drill)) {
                    result = drill.evidence().step("narrow " + table + " to its differing rows", () -> bisector.bisect(
                            sourceSession, restoredSession, table, primaryKeys.getOrDefault(table, List.of()),
                            ContentParityCheck.differingRanges(source.get(table), restored.get(table)).stream()
                                    .map(range -> range + " AND " + carriedRows.getOrDefault(table, "true")).toList(), remaining));
                }
                results.add(result);
                budget -= result.rows().size();
            }
        }
        return results;
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
