package io.duckmesh.drill.check;

import io.duckmesh.drill.result.CheckResult;
import io.duckmesh.drill.result.Finding;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.duckmesh.drill.inspect.MigrationHistoryReader.MigrationRow;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import io.duckmesh.drill.inspect.MigrationFormat;
import java.util.Optional;

class MigrationParityCheckTest {

    private final MigrationParityCheck check = new MigrationParityCheck("public.duckmesh_schema_migrations", MigrationFormat.DUCKMESH);

    @Test
    void identicalHistoriesPass() {
        List<MigrationRow> rows = List.of(row(1, "a", false), row(2, "b", false));

        CheckResult result = check.compare(rows, rows, Optional.of("2"), List.of(1L, 2L));

        assertThat(result.findings()).isEmpty();
        assertThat(result.evidence().rows()).hasSize(2);
    }

    @Test
    void everyDifferenceIsReportedTwoSided() {
        List<MigrationRow> source = List.of(row(1, "a", false), row(2, "b", false), row(4, "d", false));
        List<MigrationRow> restored = List.of(row(1, "a", false), row(2, "changed", true), row(5, "e", false));

        CheckResult result = check.compare(source, restored, Optional.of("5"), List.of(1L, 2L, 3L, 4L, 5L));

        assertThat(result.findings()).extracting(Finding::subject, Finding::problem).containsExactly(
                tuple("public.duckmesh_schema_migrations version 2, column checksum", "value differs"),
                tuple("public.duckmesh_schema_migrations version 4",
                        "migration row missing from the restored copy"),
                tuple("public.duckmesh_schema_migrations version 5",
                        "migration row exists only in the restored copy"),
                tuple("public.duckmesh_schema_migrations version 2",
                        "migration is marked dirty (it started and never finished) in the restored copy"),
                tuple("public.duckmesh_schema_migrations version 3",
                        "migration never applied (a gap in the history: drill.migrations.dir has it)"));
        assertThat(result.describe()).contains(String.join(System.lineSeparator(),
                "[restore] public.duckmesh_schema_migrations version 2, column checksum: value differs",
                "  -> source  : b",
                "  -> restored: changed"), String.join(System.lineSeparator(),
                "[restore] public.duckmesh_schema_migrations version 4: migration row missing from the restored copy",
                "  -> source  : version=4, name=m4, checksum=d, dirty=f",
                "  -> restored: (no row)"));
    }

    @Test
    void latestVersionBehindTheExpectedOneIsAFinding() {
        List<MigrationRow> rows = List.of(row(1, "a", false), row(2, "b", false));

        CheckResult result = check.compare(rows, rows, Optional.of("3"), List.of(1L, 2L, 3L));

        assertThat(result.findings()).extracting(Finding::problem)
                .containsExactly("latest migration version is not the expected one (duckmesh history)", "migration never applied (a gap in the history: drill.migrations.dir has it)");
        assertThat(result.findings().get(0).source()).isEqualTo("3");
        assertThat(result.findings().get(0).restored()).isEqualTo("2");
    }

    private static MigrationRow row(long version, String checksum, boolean dirty) {
        Map<String, String> columns = new LinkedHashMap<>();
        columns.put("version", Long.toString(version));
        columns.put("name", "m" + version);
        columns.put("checksum", checksum);
        columns.put("dirty", dirty ? "t" : "f");
        return new MigrationRow(Long.toString(version), columns);
    }

    @Test
    void aGolangMigrateHistoryIsOneRowAndNoGapsAreLookedForWithoutAFolder() {
        MigrationParityCheck golang = new MigrationParityCheck("public.schema_migrations", MigrationFormat.GOLANG_MIGRATE);
        List<MigrationRow> rows = List.of(new MigrationRow("20", Map.of("version", "20", "dirty", "f")));

        assertThat(golang.compare(rows, rows, Optional.empty(), List.of()).findings()).isEmpty();
        assertThat(golang.compare(rows, rows, Optional.of("20"), List.of(1L, 2L, 20L)).findings()).isEmpty();
    }

    @Test
    void aFailedFlywayRunIsAFindingAndTheLatestIsTheLastSuccessfulVersion() {
        MigrationParityCheck flyway = new MigrationParityCheck("public.flyway_schema_history", MigrationFormat.FLYWAY);
        List<MigrationRow> rows = List.of(flywayRow(1, "1", true), flywayRow(2, "1.1", true), flywayRow(3, "2", false));

        CheckResult result = flyway.compare(rows, rows, Optional.of("1.1"), List.of());

        assertThat(result.findings()).extracting(Finding::subject, Finding::problem).containsExactly(
                tuple("public.flyway_schema_history installed_rank 3", "migration failed (success = false in flyway_schema_history) in the source"),
                tuple("public.flyway_schema_history installed_rank 3",
                        "migration failed (success = false in flyway_schema_history) in the restored copy"));
    }

    private static MigrationRow flywayRow(int rank, String version, boolean success) {
        Map<String, String> columns = new LinkedHashMap<>();
        columns.put("installed_rank", Integer.toString(rank));
        columns.put("version", version);
        columns.put("success", success ? "t" : "f");
        return new MigrationRow(Integer.toString(rank), columns);
    }
}
