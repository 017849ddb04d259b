package io.duckmesh.drill.check;

import io.duckmesh.drill.result.CheckResult;
import static org.assertj.core.api.Assertions.assertThat;

import io.duckmesh.drill.inspect.RowCount;
import io.duckmesh.drill.inspect.TableRef;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RowCountParityCheckTest {

    private final TableRef files = TableRef.parse("public.data_files");
    private final TableRef runs = TableRef.parse("ops.integrity_runs");
    private final TableRef view = TableRef.parse("public.rental_by_category");

    @Test
    void everyMismatchIsOneTwoSidedFinding() {
        Map<TableRef, RowCount> source = Map.of(files, RowCount.of(1204), runs, RowCount.of(20), view, RowCount.notPopulated());
        Map<TableRef, RowCount> restored = Map.of(files, RowCount.of(1198), view, RowCount.notPopulated());

        CheckResult result = new RowCountParityCheck().compare(source, restored, Map.of());

        assertThat(result.describe()).isEqualTo(String.join(System.lineSeparator(),
                "row count parity: 2 findings in 3 tables",
                "[restore] ops.integrity_runs: table missing from the restored copy",
                "  -> source  : 20",
                "  -> restored: (no such table)",
                "[restore] public.data_files: row count differs",
                "  -> source  : 1204",
                "  -> restored: 1198",
                "What to do: " + result.hint()));
    }

    @Test
    void tableOwnedByAnotherStageIsShownButNotJudged() {
        TableRef migrations = TableRef.parse("public.duckmesh_schema_migrations");

        CheckResult result = new RowCountParityCheck().compare(Map.of(migrations, RowCount.of(7)),
                Map.of(migrations, RowCount.of(6)), Map.of(migrations, "60 MigrationParity"));

        assertThat(result.findings()).isEmpty();
        assertThat(result.evidence().rows()).containsExactly(
                java.util.List.of("public.duckmesh_schema_migrations", "7", "6", "compared row by row in 60 MigrationParity"));
    }
}
