package io.duckmesh.drill.stages;

import io.duckmesh.drill.DrillContext;
import io.duckmesh.drill.check.SchemaParityCheck;
import io.duckmesh.drill.inspect.SchemaInventory;
import io.duckmesh.drill.inspect.SchemaObject;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

@DrillStage
@Order(30)
@DisplayName("30 SchemaParity")
class SchemaParityIT {

    @Test
    void restoredSchemaIsTheSourceSchema(DrillContext drill, StageSupport stage) throws Exception {
        if (drill.dryRun()) {
            stage.plan("list every schema object with its definition on the restored copy and compare with the manifest:"
                    + " schemas, tables, columns, constraints, indexes, sequences, views, functions, triggers, extensions,"
                    + " types and domains, comments", "-- src/main/resources/sql/schema-inventory.sql");
            return;
        }
        List<SchemaObject> restored = drill.evidence().step("list the schema objects of the restored copy", () -> {
            try (Connection connection = drill.sessions().openWritable(drill.restored())) {
                return new SchemaInventory(drill.settings().schemas()).objects(connection);
            }
        });
        boolean ownership = drill.settings().comparesOwnership();
        if (!ownership) {
            drill.evidence().step("owners and privileges not compared (" + (drill.settings().target().equals("server")
                    ? "drill.target=server restores with --no-owner --no-privileges" : "drill.schema.ignore-ownership=true") + ")", () -> { });
        }
        stage.verify(new SchemaParityCheck().compare(drill.manifest().schema(), restored, ownership));
    }
}
