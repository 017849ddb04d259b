package io.duckmesh.drill.stages;

import io.duckmesh.drill.DrillContext;
import io.duckmesh.drill.check.KeyTablesCheck;
import io.duckmesh.drill.check.RowCountParityCheck;
import io.duckmesh.drill.inspect.CatalogInventory;
import io.duckmesh.drill.inspect.RowCount;
import io.duckmesh.drill.inspect.RowCounter;
import io.duckmesh.drill.inspect.TableRef;
import io.duckmesh.drill.postgres.PgEndpoint;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

@DrillStage
@Order(40)
@DisplayName("40 RowCountParity")
class RowCountParityIT {

    @Test
    void everyTableHasTheSourceRowCount(DrillContext drill, StageSupport stage) throws Exception {
        if (drill.dryRun()) {
            stage.plan("count the rows of every table in the drilled schemas, on both sides",
                    "SELECT count(*) FROM <schema>.<table>  -- each table listed by the tables.sql inventory");
            return;
        }
        drill.sourceSide().dataParitySkipped().ifPresent(reason -> Assumptions.abort("row counts not compared: " + reason));
        CatalogInventory inventory = new CatalogInventory(drill.settings().schemas());
        Map<TableRef, RowCount> source = drill.manifest().rowCounts();
        Map<TableRef, RowCount> restored = drill.evidence().step("count rows on the restored copy; the source's are in the manifest",
                () -> count(drill, drill.restored(), inventory));
        List<TableRef> keyTables = drill.source().profile().keyTables();
        Map<TableRef, String> ownedElsewhere = drill.source().profile().migrationsTable()
                .map(table -> Map.of(table, "60 MigrationParity")).orElse(Map.of());
        stage.verify(List.of(
                new RowCountParityCheck().compare(source, restored, ownedElsewhere, drill.sourceSide().label()),
                new KeyTablesCheck().nonEmpty(keyTables, source, restored)));
    }

    private static Map<TableRef, RowCount> count(DrillContext drill, PgEndpoint endpoint, CatalogInventory inventory) {
        try (Connection connection = drill.sessions().openWritable(endpoint)) {
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            Map<TableRef, RowCount> counts = new RowCounter().count(connection, inventory.tables(connection));
            connection.rollback();
            return counts;
        } catch (java.sql.SQLException failed) {
            throw new IllegalStateException("Counting rows on " + endpoint + " failed: " + failed.getMessage(), failed);
        }
    }
}
