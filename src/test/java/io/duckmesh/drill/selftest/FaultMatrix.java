package io.duckmesh.drill.selftest;

import static io.duckmesh.drill.selftest.DrillOutcome.assertThatDrill;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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

    /** Whether owners and privileges are restored and compared on this target. */
    boolean comparesOwnership() {
        return true;
    }

    /** Whether 20 Restore counts and checksums the restored tables while pg_restore runs (not inside the container). */
    boolean checksumsDuringRestore() {
        return true;
    }

    /** Whether each drill gets its own source, which a test may change before the dump. */
    boolean sourceIsPrivate() {
        return true;
    }

    @Test
    void cleanCatalogPassesEveryStage() throws Exception {
        // when
        DrillOutcome outcome = drill().run();

        // then
        assertThatDrill(outcome).passedEveryStage().leftNoDump();
        assertThat(outcome.summary().path("dump").path("sha256").asText()).hasSize(64);
        assertThat(outcome.summary().path("restoreSeconds").asDouble()).isPositive();
        assertThat(outcome.summary().path("restoredChecksums").asText()).isEqualTo(checksumsDuringRestore()
                ? "taken by 20 Restore, while pg_restore ran and right after; nothing wrote to the restore server since"
                : "taken by 40 RowCountParity");
        if (checksumsDuringRestore()) {
            assertThat(outcome.summary().path("tablesChecksummedWhilePgRestoreRan").asInt()).isPositive();
        }
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
        // the damage came after 20 Restore's checksums: 40 saw that a transaction wrote since and read every table again
        assertThat(outcome.summary().path("restoredChecksums").asText()).isEqualTo(checksumsDuringRestore()
                ? "taken again by 40 RowCountParity: a transaction wrote to the restore server after 20 Restore took them"
                : "taken by 40 RowCountParity");
    }

    @Test
    void deletedRowOfAUuidKeyedTableFailsRowCountParity() throws Exception {
        DrillOutcome outcome = drill().damagingRestored("DELETE FROM object_store_objects WHERE object_id = md5('object42')::uuid").run();

        assertThatDrill(outcome).failedOnlyAt("RowCountParity", "public.object_store_objects: row count differs");
    }

    @Test
    void changedValueOfAUuidKeyedTableFailsContentParityNamingTheKey() throws Exception {
        DrillOutcome outcome = drill().damagingRestored("UPDATE object_store_objects SET etag = upper(etag)"
                + " WHERE object_id = md5('object42')::uuid").run();

        assertThatDrill(outcome).failedOnlyAt("ContentParity",
                "public.object_store_objects object_id=3a023de9-8ff3-ef6b-db1c-30cbbe3f9283: row differs in column etag");
    }

    @Test
    void changedValueOfACompositeTextKeyedTableFailsContentParityNamingTheKey() throws Exception {
        DrillOutcome outcome = drill().damagingRestored("UPDATE file_tags SET note = 'changed' WHERE region = 'ap-south' AND tag = 'tag-2'").run();

        assertThatDrill(outcome).failedOnlyAt("ContentParity", "public.file_tags region=ap-south, tag=tag-2: row differs in column note");
    }

    @Test
    void changedValueFailsContentParityNamingRowAndColumn() throws Exception {
        DrillOutcome outcome = drill().damagingRestored("UPDATE data_files SET record_count = record_count + 1 WHERE file_id = 4242").run();

        assertThatDrill(outcome).failedOnlyAt("ContentParity",
                "public.data_files file_id=4242: row differs in column record_count",
                "-> source  : {", "\"record_count\":157204", "-> restored: {", "\"record_count\":157205");
    }

    @Test
    void swappedValuesFailContentParityNamingBothRows() throws Exception {
        DrillOutcome outcome = drill().damagingRestored("UPDATE table_properties p SET value = q.value FROM table_properties q"
                + " WHERE p.key = 'owner' AND q.key = 'owner' AND ((p.table_id = 7 AND q.table_id = 8) OR (p.table_id = 8 AND q.table_id = 7))")
                .run();

        assertThatDrill(outcome).failedOnlyAt("ContentParity", "2 findings",
                "public.table_properties table_id=7, key=owner: row differs in column value",
                "public.table_properties table_id=8, key=owner: row differs in column value");
    }

    @Test
    void trailingSpaceFailsContentParity() throws Exception {
        DrillOutcome outcome = drill().damagingRestored("UPDATE namespaces SET name = name || ' ' WHERE namespace_id = 3").run();

        assertThatDrill(outcome).failedOnlyAt("ContentParity", "public.namespaces namespace_id=3: row differs in column name");
    }

    @Test
    void changedJsonbKeyFailsContentParity() throws Exception {
        DrillOutcome outcome = drill().damagingRestored("UPDATE snapshots SET summary = summary - 'engine' || '{\"engin\": \"duckmesh 0.9\"}'"
                + " WHERE snapshot_id = 77").run();

        assertThatDrill(outcome).failedOnlyAt("ContentParity", "public.snapshots snapshot_id=77: row differs in column summary");
    }

    @Test
    void timestampMovedByOneMicrosecondFailsContentParity() throws Exception {
        DrillOutcome outcome = drill().damagingRestored("UPDATE data_files SET added_at = added_at + interval '1 microsecond'"
                + " WHERE file_id = 99").run();

        assertThatDrill(outcome).failedOnlyAt("ContentParity", "public.data_files file_id=99: row differs in column added_at");
    }

    @Test
    void duplicatedRowInTableWithoutPrimaryKeyFailsContentParity() throws Exception {
        DrillOutcome outcome = drill().damagingRestored("INSERT INTO ops.catalog_events SELECT * FROM ops.catalog_events"
                + " WHERE table_id = 3 AND event = 'expire' LIMIT 1;"
                + " DELETE FROM ops.catalog_events WHERE ctid = (SELECT min(ctid) FROM ops.catalog_events WHERE table_id = 9)").run();

        assertThatDrill(outcome).failedOnlyAt("ContentParity", "2 findings",
                "ops.catalog_events (no primary key): row exists only in the restored copy", "-> restored: 3 x {",
                "ops.catalog_events (no primary key): row missing from the restored copy");
    }

    @Test
    void brokenInvariantFailsRelationalConsistency() throws Exception {
        assumeTrue(sourceIsPrivate(), "this target's self-tests share one source server");
        DrillOutcome outcome = drill().with("drill.source-findings", "fail")
                .preparingSource("UPDATE delete_files SET snapshot_id = snapshot_id % 400 + 1 WHERE delete_file_id = 5")
                .run();

        assertThatDrill(outcome).failedOnlyAt("RelationalConsistency",
                "invariant delete_file_in_its_data_files_snapshot.sql: returned 1 row, e.g. delete_file_id=5",
                "(source: the source in the dump's snapshot returns the same 1 row)").failedAsASourceProblem();
    }

    @Test
    void dataFileUnderAnotherTablesFolderFailsItsInvariant() throws Exception {
        assumeTrue(sourceIsPrivate(), "this target's self-tests share one source server");
        DrillOutcome outcome = drill().with("drill.source-findings", "fail")
                .preparingSource("UPDATE data_files SET file_path = replace(file_path, '/warehouse/t', '/warehouse/t9') WHERE file_id = 4242")
                .run();

        assertThatDrill(outcome).failedOnlyAt("RelationalConsistency",
                "invariant data_file_path_names_its_table.sql: returned 1 row, e.g. file_id=4242", "(source: ").failedAsASourceProblem();
    }

    @Test
    void corruptIndexFailsRelationalConsistencyThroughAmcheck() throws Exception {
        DrillOutcome outcome = drill().damagingRestoredLate(IndexCorruption.itemsOutOfOrder("data_files", "file_id")).run();

        assertThatDrill(outcome).failedOnlyAt("RelationalConsistency",
                "index public.drill_corrupt_idx: amcheck bt_index_check found corruption", "item order invariant violated");
    }

    @Test
    void indexEntriesNotMatchingTheRowsFailRelationalConsistencyWithHeapAllIndexed() throws Exception {
        DrillOutcome outcome = drill().with("drill.amcheck.heapallindexed", "true")
                .damagingRestoredLate(IndexCorruption.entriesNotMatchingRows("data_files", "file_id")).run();

        assertThatDrill(outcome).failedOnlyAt("RelationalConsistency", "indexes (heapallindexed) and",
                "index public.drill_stale_idx: amcheck bt_index_check found corruption");
    }

    @Test
    void changedOwnerFailsSchemaParity() throws Exception {
        assumeTrue(comparesOwnership(), "this target restores without owners and privileges");
        DrillOutcome outcome = drill().damagingRestored("CREATE ROLE intruder; ALTER TABLE data_files OWNER TO intruder").run();

        assertThatDrill(outcome).failedOnlyAt("SchemaParity", "owner relation public.data_files: definition differs",
                "-> source  : postgres", "-> restored: intruder");
    }

    @Test
    void grantedPrivilegeFailsSchemaParity() throws Exception {
        assumeTrue(comparesOwnership(), "this target restores without owners and privileges");
        DrillOutcome outcome = drill().damagingRestored("GRANT SELECT ON snapshots TO PUBLIC").run();

        assertThatDrill(outcome).failedOnlyAt("SchemaParity", "privileges relation public.snapshots: exists only in the restored copy",
                "=r/postgres");
    }

    @Test
    void droppedIndexFailsSchemaParity() throws Exception {
        DrillOutcome outcome = drill().damagingRestored("DROP INDEX data_files_snapshot_id_idx").run();

        assertThatDrill(outcome).failedOnlyAt("SchemaParity",
                "index public.data_files_snapshot_id_idx: missing from the restored copy",
                "CREATE INDEX data_files_snapshot_id_idx ON public.data_files USING btree (snapshot_id)");
    }

    @Test
    void changedColumnDefaultFailsSchemaParity() throws Exception {
        DrillOutcome outcome = drill().damagingRestored("ALTER TABLE catalog_tables ALTER COLUMN format SET DEFAULT 'orc'").run();

        assertThatDrill(outcome).failedOnlyAt("SchemaParity", "column public.catalog_tables.format: definition differs",
                "-> source  : text NOT NULL DEFAULT 'parquet'::text", "-> restored: text NOT NULL DEFAULT 'orc'::text");
    }

    @Test
    void changedViewDefinitionFailsSchemaParity() throws Exception {
        DrillOutcome outcome = drill().damagingRestored("CREATE OR REPLACE VIEW ops.latest_snapshots AS SELECT DISTINCT ON"
                + " (table_id) table_id, snapshot_id, committed_at FROM snapshots ORDER BY table_id, committed_at").run();

        assertThatDrill(outcome).failedOnlyAt("SchemaParity", "view ops.latest_snapshots: definition differs");
    }

    @Test
    void droppedTriggerFailsSchemaParity() throws Exception {
        DrillOutcome outcome = drill().damagingRestored("DROP TRIGGER integrity_runs_duration ON ops.integrity_runs").run();

        assertThatDrill(outcome).failedOnlyAt("SchemaParity",
                "trigger ops.integrity_runs.integrity_runs_duration: missing from the restored copy");
    }

    @Test
    void changedFunctionBodyFailsSchemaParity() throws Exception {
        DrillOutcome outcome = drill().damagingRestored("CREATE OR REPLACE FUNCTION ops.integrity_run_duration() RETURNS trigger"
                + " LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$").run();

        assertThatDrill(outcome).failedOnlyAt("SchemaParity", "function ops.integrity_run_duration(): definition differs");
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

    /**
     * Relational faults live in the source: a restore that copies every row faithfully must still
     * fail when the catalog it copied is unsound (a NOT VALID foreign key, an implicit relation).
     * A change made to the restored copy instead is a content difference, caught by ContentParity.
     */
    @Test
    void orphanedChildRowFailsRelationalConsistency() throws Exception {
        assumeTrue(sourceIsPrivate(), "this target's self-tests share one source server");
        DrillOutcome outcome = drill().with("drill.source-findings", "fail")
                .preparingSource(ORPHAN_BEHIND_NOT_VALID_KEY)
                .run();

        assertThatDrill(outcome).failedOnlyAt("RelationalConsistency",
                "public.delete_files: 1 orphaned row of foreign key delete_files_data_file_id_fkey (NOT VALID)",
                "delete_file_id=42, data_file_id=987654321", "(source: the source in the dump's snapshot returns the same 1 row)")
                .failedAsASourceProblem();
    }

    private static final String ORPHAN_BEHIND_NOT_VALID_KEY = "ALTER TABLE delete_files DROP CONSTRAINT delete_files_data_file_id_fkey;"
            + " UPDATE delete_files SET data_file_id = 987654321 WHERE delete_file_id = 42;"
            + " ALTER TABLE delete_files ADD CONSTRAINT delete_files_data_file_id_fkey FOREIGN KEY (data_file_id)"
            + " REFERENCES data_files (file_id) NOT VALID";

    @Test
    void orphanTheSourceHasTooIsASourceFindingThatPassesUnderWarn() throws Exception {
        assumeTrue(sourceIsPrivate(), "this target's self-tests share one source server");
        DrillOutcome outcome = drill().preparingSource(ORPHAN_BEHIND_NOT_VALID_KEY).run();

        assertThatDrill(outcome).passedWithSourceFinding("RelationalConsistency",
                "public.delete_files: 1 orphaned row of foreign key delete_files_data_file_id_fkey (NOT VALID)", "delete_file_id=42");
    }

    @Test
    void sequenceBehindItsColumnInTheSourceIsASourceFinding() throws Exception {
        assumeTrue(sourceIsPrivate(), "this target's self-tests share one source server");
        DrillOutcome outcome = drill().with("drill.source-findings", "fail")
                .preparingSource("SELECT setval('public.data_files_file_id_seq', 5)")
                .run();

        assertThatDrill(outcome).failedOnlyAt("RelationalConsistency",
                "public.data_files_file_id_seq: sequence would hand out a value already used in public.data_files.file_id",
                "(source: the dump recorded this state (5, true)").failedAsASourceProblem();
    }

    @Test
    void orphanOfImplicitRelationFailsRelationalConsistency() throws Exception {
        assumeTrue(sourceIsPrivate(), "this target's self-tests share one source server");
        DrillOutcome outcome = drill().with("drill.source-findings", "fail")
                .preparingSource("UPDATE ops.integrity_runs SET catalog_snapshot_id = 555555555 WHERE run_id = 3")
                .run();

        assertThatDrill(outcome).failedOnlyAt("RelationalConsistency",
                "ops.integrity_runs: 1 orphaned row of implicit relation", "run_id=3, catalog_snapshot_id=555555555", "(source: ")
                .failedAsASourceProblem();
    }

    @Test
    void sequenceBelowItsColumnFailsRelationalConsistency() throws Exception {
        DrillOutcome outcome = drill()
                .damagingRestored("SELECT setval('public.data_files_file_id_seq', 5)")
                .run();

        assertThatDrill(outcome).failedOnlyAt("RelationalConsistency",
                "public.data_files_file_id_seq: sequence would hand out a value already used in public.data_files.file_id",
                "public.data_files_file_id_seq: sequence state (last_value, is_called) is not the one the dump recorded",
                "-> manifest: 8000, true", "-> restored: 5, true");
        assertThat(outcome.stages()).filteredOn(s -> s.name().equals("RelationalConsistency")).singleElement()
                .satisfies(s -> assertThat(s.message()).as("two failing checks, separated by a blank line")
                        .doesNotContain("%n").contains("find out why." + System.lineSeparator() + System.lineSeparator() + "sequence state:"));
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
