package io.duckmesh.drill.stages;

import io.duckmesh.drill.DrillContext;
import io.duckmesh.drill.check.CheckResult;
import io.duckmesh.drill.check.IndexValidityCheck;
import io.duckmesh.drill.check.OrphanCheck;
import io.duckmesh.drill.check.SequenceCheck;
import io.duckmesh.drill.inspect.CatalogInventory;
import io.duckmesh.drill.inspect.Relation;
import io.duckmesh.drill.inspect.TableInfo;
import io.duckmesh.drill.inspect.TableRef;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

@DrillStage
@Order(70)
@DisplayName("70 RelationalConsistency")
class RelationalConsistencyIT {

    @Test
    void restoredCatalogIsRelationallySound(DrillContext drill, StageSupport stage) throws Exception {
        if (drill.dryRun()) {
            stage.plan("re-check every foreign key (NOT VALID ones included) and implicit relation with an anti-join",
                    "SELECT count(*) OVER (), <key> FROM <child> c WHERE <fk> IS NOT NULL AND NOT EXISTS"
                            + " (SELECT 1 FROM <parent> p WHERE p.<pk> = c.<fk>) LIMIT 5");
            stage.plan("check every sequence is ahead of the column it feeds",
                    "SELECT last_value, is_called, (SELECT max(<column>) FROM <table>) FROM <sequence>");
            stage.plan("check every index is valid and ready", "SELECT ... FROM pg_index WHERE NOT indisvalid OR NOT indisready");
            return;
        }
        CatalogInventory inventory = new CatalogInventory(drill.settings().schemas());
        List<Relation> sourceForeignKeys = drill.evidence().step("list the source's foreign keys", () -> {
            try (Connection source = drill.sessions().openReadOnly(drill.source().endpoint())) {
                return inventory.foreignKeys(source);
            }
        });
        List<CheckResult> results = drill.evidence().step("check the restored copy " + drill.restored(), () -> {
            try (Connection restored = drill.sessions().openWritable(drill.restored())) {
                restored.setReadOnly(true);
                Map<TableRef, List<String>> primaryKeys = inventory.tables(restored).stream()
                        .collect(Collectors.toMap(TableInfo::table, TableInfo::primaryKey));
                OrphanCheck orphans = new OrphanCheck();
                return List.of(
                        drill.evidence().step("foreign keys", () -> orphans.check(restored, "foreign keys",
                                union(sourceForeignKeys, inventory.foreignKeys(restored)), primaryKeys)),
                        drill.evidence().step("implicit relations", () -> orphans.check(restored, "implicit relations",
                                drill.source().profile().implicitRelations(), primaryKeys)),
                        drill.evidence().step("sequences", () -> new SequenceCheck().check(restored, inventory.sequences(restored))),
                        drill.evidence().step("indexes", () -> new IndexValidityCheck().check(inventory.indexes(restored))));
            }
        });
        stage.verify(results);
    }

    /**
     * The source's foreign keys and the restored copy's: a constraint the restore lost is still
     * checked, so its orphans are found here and not only as a schema difference.
     */
    private static List<Relation> union(List<Relation> source, List<Relation> restored) {
        Map<String, Relation> byShape = new LinkedHashMap<>();
        source.forEach(r -> byShape.put(r.describe(), r));
        restored.forEach(r -> byShape.putIfAbsent(r.describe(), r));
        return List.copyOf(byShape.values());
    }
}
