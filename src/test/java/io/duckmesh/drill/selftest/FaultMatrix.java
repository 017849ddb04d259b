package io.duckmesh.drill.selftest;

import static io.duckmesh.drill.selftest.DrillOutcome.assertThatDrill;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drill on the duckmesh fixture: clean it passes; each injected fault fails exactly the stage
 * that owns it. Runs once per target (the subclasses).
 */
abstract class FaultMatrix {

    @TempDir
    Path work;

    /** A drill of the duckmesh fixture on this target, in {@code work}. */
    abstract DrillRun drill();

    @Test
    void cleanCatalogPassesEveryStage() throws Exception {
        // when
        DrillOutcome outcome = drill().run();

        // then
        assertThatDrill(outcome).passedEveryStage().leftNoDump();
        assertThat(outcome.summary().path("dump").path("sha256").asText()).hasSize(64);
        assertThat(outcome.summary().path("restoreSeconds").asDouble()).isPositive();
    }

    @Test
    void deletedRowsFailRowCountParity() throws Exception {
        DrillOutcome outcome = drill()
                .damagingRestored("DELETE FROM table_properties WHERE table_id = 7")
                .run();

        assertThatDrill(outcome)
                .failedOnlyAt("RowCountParity", "public.table_properties: row count differs")
                .keptTheDump();
        assertThat(outcome.stages()).filteredOn(s -> s.name().equals("RowCountParity")).singleElement()
                .satisfies(s -> assertThat(s.message()).contains("-> source  : 150", "-> restored: 147"));
    }

    @Test
    void deletedMigrationRowFailsMigrationParity() throws Exception {
        DrillOutcome outcome = drill()
                .damagingRestored("DELETE FROM duckmesh_schema_migrations WHERE version = 3")
                .run();

        assertThatDrill(outcome).failedOnlyAt("MigrationParity",
                "public.duckmesh_schema_migrations version 3: migration row missing from the restored copy");
    }

    @Test
    void dirtyMigrationFailsMigrationParity() throws Exception {
        DrillOutcome outcome = drill()
                .damagingRestored("UPDATE duckmesh_schema_migrations SET dirty = true WHERE version = 7")
                .run();

        assertThatDrill(outcome).failedOnlyAt("MigrationParity",
                "public.duckmesh_schema_migrations version 7", "dirty");
    }

    @Test
    void orphanedChildRowFailsRelationalConsistency() throws Exception {
        DrillOutcome outcome = drill()
                .damagingRestored("ALTER TABLE delete_files DROP CONSTRAINT delete_files_data_file_id_fkey;"
                        + " UPDATE delete_files SET data_file_id = 987654321 WHERE delete_file_id = 42")
                .run();

        assertThatDrill(outcome).failedOnlyAt("RelationalConsistency",
                "public.delete_files: 1 orphaned row of foreign key delete_files_data_file_id_fkey",
                "delete_file_id=42, data_file_id=987654321");
    }

    @Test
    void orphanOfImplicitRelationFailsRelationalConsistency() throws Exception {
        DrillOutcome outcome = drill()
                .damagingRestored("UPDATE ops.integrity_runs SET catalog_snapshot_id = 555555555 WHERE run_id = 3")
                .run();

        assertThatDrill(outcome).failedOnlyAt("RelationalConsistency",
                "ops.integrity_runs: 1 orphaned row of implicit relation", "run_id=3, catalog_snapshot_id=555555555");
    }

    @Test
    void sequenceBelowItsColumnFailsRelationalConsistency() throws Exception {
        DrillOutcome outcome = drill()
                .damagingRestored("SELECT setval('public.data_files_file_id_seq', 5)")
                .run();

        assertThatDrill(outcome).failedOnlyAt("RelationalConsistency",
                "public.data_files_file_id_seq: sequence would hand out a value already used in public.data_files.file_id");
    }

    @Test
    void invalidIndexFailsRelationalConsistency() throws Exception {
        DrillOutcome outcome = drill()
                .damagingRestored("UPDATE pg_index SET indisvalid = false"
                        + " WHERE indexrelid = 'public.data_files_snapshot_id_idx'::regclass")
                .run();

        assertThatDrill(outcome).failedOnlyAt("RelationalConsistency",
                "public.data_files_snapshot_id_idx: index on public.data_files is not usable");
    }

    @Test
    void truncatedDumpFailsRestoreWithPgRestoreError() throws Exception {
        DrillOutcome outcome = drill().truncatingDump().run();

        assertThatDrill(outcome).failedOnlyAt("Restore", "pg_restore of duckmesh-", "failed with exit code 1",
                "pg_restore: error:").keptTheDump();
    }

    @Test
    void unknownSettingFailsPreflightNamingTheClosestKey() throws Exception {
        Path settings = Files.writeString(work.resolve("drill.properties"), "drill.fixture.rowz=5\n");

        DrillOutcome outcome = drill().with("drill.settings-file", settings.toString()).run();

        assertThatDrill(outcome).failedOnlyAt("Preflight",
                "Unknown setting drill.fixture.rowz (from settings file); did you mean drill.fixture.rows?");
    }

    @Test
    void invalidSettingValueFailsPreflightNamingWhatIsAllowed() throws Exception {
        DrillOutcome outcome = drill().with("drill.timeout.pg-dump", "-PT5M").run();

        assertThatDrill(outcome).failedOnlyAt("Preflight",
                "Setting drill.timeout.pg-dump has the invalid value '-PT5M' (from -Ddrill.timeout.pg-dump);"
                        + " allowed: a positive ISO-8601 duration");
    }

    @Test
    void dryRunPassesAndTouchesNothing() throws Exception {
        DrillOutcome outcome = drill().with("drill.dry-run", "true").run();

        assertThatDrill(outcome).passedEveryStage().leftNoDump();
        assertThat(outcome.summary().path("dryRun").asBoolean()).isTrue();
        assertThat(outcome.summary().path("source").asText()).isEqualTo("not reached");
        assertThat(outcome.summary().has("dump")).isFalse();
    }
}
