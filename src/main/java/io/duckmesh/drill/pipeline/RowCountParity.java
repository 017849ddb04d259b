package io.duckmesh.drill.pipeline;

import io.duckmesh.drill.check.KeyTablesCheck;
import io.duckmesh.drill.check.RowCountParityCheck;
import io.duckmesh.drill.inspect.RowCount;
import io.duckmesh.drill.inspect.TableDigest;
import io.duckmesh.drill.inspect.TableRef;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * 40 RowCountParity: every table of the restored copy has the row count the manifest recorded.
 */
public final class RowCountParity implements StageStep {

    @Override
    public void run(DrillContext drill, StageScope stage) throws Exception {
        if (drill.dryRun()) {
            stage.plan("count and checksum every table of the restored copy in one scan, unless 20 Restore did and no transaction"
                            + " has written to the restore server since (ContentParity compares the checksums); the source's counts are"
                            + " in the manifest",
                    "SELECT count(*), sum(<row hash>) FROM <schema>.<table> t  -- each table listed by the tables.sql inventory");
            return;
        }
        drill.sourceSide().dataParitySkipped().ifPresent(reason -> stage.skip("row counts not compared: " + reason));
        Map<TableRef, RowCount> source = drill.manifest().rowCounts();
        Map<TableRef, TableDigest> digests = RestoredDigests.takenDuringRestore(drill)
                .orElseGet(() -> drill.evidence().step(RestoredDigests.stepName(drill), () -> RestoredDigests.take(drill)));
        Map<TableRef, RowCount> restored = new TreeMap<>();
        digests.forEach((table, digest) -> restored.put(table, digest.rowCount()));
        List<TableRef> keyTables = drill.source().profile().keyTables();
        Map<TableRef, String> ownedElsewhere = drill.source().profile().migrationsTable()
                .map(table -> Map.of(table, "60 MigrationParity")).orElse(Map.of());
        Map<TableRef, String> byDesign = RestoredDigests.refreshedViews(drill, digests);
        drill.counted(new Counted(digests, byDesign));
        stage.verify(List.of(
                new RowCountParityCheck().compare(source, restored, ownedElsewhere, drill.sourceSide().label(), byDesign),
                new KeyTablesCheck().nonEmpty(keyTables, source, restored)));
    }
}
