package io.duckmesh.drill.selftest;

import static io.duckmesh.drill.selftest.DrillOutcome.assertThatDrill;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.duckmesh.drill.pipeline.Stage;
import io.duckmesh.drill.result.Finding;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The drill on the duckmesh fixture: clean it passes; each injected fault ({@link #faults()}, a table of
 * cases) fails exactly the stage that owns it, with the finding's code and subject. Runs once per target
 * (the subclasses).
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
                .withFinding("RowCountParity", Finding.Code.ROW_COUNT_DIFFERS, "public.table_properties")
                .keptTheDump();
        assertThat(outcome.finding("RowCountParity", Finding.Code.ROW_COUNT_DIFFERS, "public.table_properties")).hasValueSatisfying(f -> {
            assertThat(f.path("source").asText()).isEqualTo("150");
            assertThat(f.path("restored").asText()).isEqualTo("147");
        });
        // the damage came after 20 Restore's checksums: 40 saw that a transaction wrote since and read every table again
        assertThat(outcome.summary().path("restoredChecksums").asText()).isEqualTo(checksumsDuringRestore()
                ? "taken again by 40 RowCountParity: a transaction wrote to the restore server after 20 Restore took them"
                : "taken by 40 RowCountParity");
    }

    /** What a fault needs of the target to be injected there. */
    enum Needs {
        NOTHING,
        /**
         * Owners and privileges are restored and compared: under drill.restore.allow-superuser=true on the targets the drill
         * owns (by default, and on the server target, they are proven from the archive).
         */
        OWNERSHIP,
        /** Each drill has a source of its own, which the fault may change before the dump. */
        PRIVATE_SOURCE
    }

    /**
     * One injected fault and what the drill must say about it: the only stage that fails, a finding of
     * that stage by code and subject in drill-summary.json, fragments of the stage's message, and
     * whether the failure is the source's own problem (a fault the source carries, drill.source-findings=fail).
     */
    record Fault(String name, Needs needs, UnaryOperator<DrillRun> inject, Stage stage, Finding.Code code, String subject,
                 boolean sourceProblem, String... fragments) {

        static Fault restored(String name, String sql, Stage stage, Finding.Code code, String subject, String... fragments) {
            return new Fault(name, Needs.NOTHING, run -> run.damagingRestored(sql), stage, code, subject, false, fragments);
        }

        static Fault restoredLate(String name, String sql, Stage stage, Finding.Code code, String subject, String... fragments) {
            return new Fault(name, Needs.NOTHING, run -> run.damagingRestoredLate(sql), stage, code, subject, false, fragments);
        }

        /** A fault of the source itself, caught by RelationalConsistency and judged the source's. */
        static Fault inSource(String name, String sql, Finding.Code code, String subject, String... fragments) {
            return new Fault(name, Needs.PRIVATE_SOURCE, run -> run.with("drill.source-findings", "fail").preparingSource(sql),
                    Stage.RELATIONAL_CONSISTENCY, code, subject, true, fragments);
        }

        Fault needing(Needs what) {
            return new Fault(name, what, inject, stage, code, subject, sourceProblem, fragments);
        }

        Fault with(String setting, String value) {
            UnaryOperator<DrillRun> before = inject;
            return new Fault(name, needs, run -> before.apply(run).with(setting, value), stage, code, subject, sourceProblem, fragments);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Fault> faults() {
        return Stream.of(
                Fault.restored("deleted row of a uuid-keyed table", "DELETE FROM object_store_objects WHERE object_id = md5('object42')::uuid",
                        Stage.ROW_COUNT_PARITY, Finding.Code.ROW_COUNT_DIFFERS, "public.object_store_objects",
                        "public.object_store_objects: row count differs"),
                Fault.restored("changed value of a uuid-keyed table", "UPDATE object_store_objects SET etag = upper(etag)"
                                + " WHERE object_id = md5('object42')::uuid", Stage.CONTENT_PARITY, Finding.Code.ROW_DIFFERS,
                        "public.object_store_objects object_id=3a023de9-8ff3-ef6b-db1c-30cbbe3f9283", "row differs in column etag"),
                Fault.restored("changed value of a composite text-keyed table",
                        "UPDATE file_tags SET note = 'changed' WHERE region = 'ap-south' AND tag = 'tag-2'", Stage.CONTENT_PARITY,
                        Finding.Code.ROW_DIFFERS, "public.file_tags region=ap-south, tag=tag-2", "row differs in column note"),
                Fault.restored("changed value, named by row and column",
                        "UPDATE data_files SET record_count = record_count + 1 WHERE file_id = 4242", Stage.CONTENT_PARITY,
                        Finding.Code.ROW_DIFFERS, "public.data_files file_id=4242", "row differs in column record_count",
                        "-> source  : {", "\"record_count\":157204", "-> restored: {", "\"record_count\":157205"),
                Fault.restored("swapped values, both rows named", "UPDATE table_properties p SET value = q.value FROM table_properties q"
                                + " WHERE p.key = 'owner' AND q.key = 'owner' AND ((p.table_id = 7 AND q.table_id = 8)"
                                + " OR (p.table_id = 8 AND q.table_id = 7))", Stage.CONTENT_PARITY, Finding.Code.ROW_DIFFERS,
                        "public.table_properties table_id=8, key=owner", "2 findings",
                        "public.table_properties table_id=7, key=owner: row differs in column value"),
                Fault.restored("trailing space", "UPDATE namespaces SET name = name || ' ' WHERE namespace_id = 3", Stage.CONTENT_PARITY,
                        Finding.Code.ROW_DIFFERS, "public.namespaces namespace_id=3", "row differs in column name"),
                Fault.restored("changed jsonb key", "UPDATE snapshots SET summary = summary - 'engine' || '{\"engin\": \"duckmesh 0.9\"}'"
                                + " WHERE snapshot_id = 77", Stage.CONTENT_PARITY, Finding.Code.ROW_DIFFERS, "public.snapshots snapshot_id=77",
                        "row differs in column summary"),
                Fault.restored("timestamp moved by one microsecond",
                        "UPDATE data_files SET added_at = added_at + interval '1 microsecond' WHERE file_id = 99", Stage.CONTENT_PARITY,
                        Finding.Code.ROW_DIFFERS, "public.data_files file_id=99", "row differs in column added_at"),
                Fault.restored("duplicated row in a table without a primary key", "INSERT INTO ops.catalog_events SELECT * FROM"
                                + " ops.catalog_events WHERE table_id = 3 AND event = 'expire' LIMIT 1; DELETE FROM ops.catalog_events"
                                + " WHERE ctid = (SELECT min(ctid) FROM ops.catalog_events WHERE table_id = 9)", Stage.CONTENT_PARITY,
                        Finding.Code.ROW_EXTRA, "ops.catalog_events (no primary key)", "2 findings",
                        "row exists only in the restored copy", "-> restored: 3 x {", "row missing from the restored copy"),
                Fault.restored("changed owner", "CREATE ROLE intruder; ALTER TABLE data_files OWNER TO intruder", Stage.SCHEMA_PARITY,
                        Finding.Code.SCHEMA_OBJECT_DIFFERS, "owner relation public.data_files", "definition differs",
                        "-> source  : postgres", "-> restored: intruder").needing(Needs.OWNERSHIP),
                Fault.restored("granted privilege", "GRANT SELECT ON snapshots TO PUBLIC", Stage.SCHEMA_PARITY,
                        Finding.Code.SCHEMA_OBJECT_EXTRA, "privileges relation public.snapshots", "exists only in the restored copy",
                        "=r/postgres").needing(Needs.OWNERSHIP),
                Fault.restored("dropped index", "DROP INDEX data_files_snapshot_id_idx", Stage.SCHEMA_PARITY,
                        Finding.Code.SCHEMA_OBJECT_MISSING, "index public.data_files_snapshot_id_idx", "missing from the restored copy",
                        "CREATE INDEX data_files_snapshot_id_idx ON public.data_files USING btree (snapshot_id)"),
                Fault.restored("changed column default", "ALTER TABLE catalog_tables ALTER COLUMN format SET DEFAULT 'orc'",
                        Stage.SCHEMA_PARITY, Finding.Code.SCHEMA_OBJECT_DIFFERS, "column public.catalog_tables.format",
                        "-> source  : text NOT NULL DEFAULT 'parquet'::text", "-> restored: text NOT NULL DEFAULT 'orc'::text"),
                Fault.restored("changed view definition", "CREATE OR REPLACE VIEW ops.latest_snapshots AS SELECT DISTINCT ON (table_id)"
                                + " table_id, snapshot_id, committed_at FROM snapshots ORDER BY table_id, committed_at", Stage.SCHEMA_PARITY,
                        Finding.Code.SCHEMA_OBJECT_DIFFERS, "view ops.latest_snapshots", "definition differs"),
                Fault.restored("dropped trigger", "DROP TRIGGER integrity_runs_duration ON ops.integrity_runs", Stage.SCHEMA_PARITY,
                        Finding.Code.SCHEMA_OBJECT_MISSING, "trigger ops.integrity_runs.integrity_runs_duration", "missing from the restored copy"),
                Fault.restored("changed function body", "CREATE OR REPLACE FUNCTION ops.integrity_run_duration() RETURNS trigger"
                                + " LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$", Stage.SCHEMA_PARITY, Finding.Code.SCHEMA_OBJECT_DIFFERS,
                        "function ops.integrity_run_duration()", "definition differs"),
                Fault.restored("deleted migration row", "DELETE FROM duckmesh_schema_migrations WHERE version = 3", Stage.MIGRATION_PARITY,
                        Finding.Code.MIGRATION_ROW_MISSING, "public.duckmesh_schema_migrations version 3",
                        "migration row missing from the restored copy"),
                Fault.restored("dirty migration", "UPDATE duckmesh_schema_migrations SET dirty = true WHERE version = 7",
                        Stage.MIGRATION_PARITY, Finding.Code.MIGRATION_FAILED, "public.duckmesh_schema_migrations version 7",
                        "dirty"),
                Fault.restored("invalid index", "UPDATE pg_index SET indisvalid = false"
                                + " WHERE indexrelid = 'public.data_files_snapshot_id_idx'::regclass", Stage.RELATIONAL_CONSISTENCY,
                        Finding.Code.INDEX_UNUSABLE, "public.data_files_snapshot_id_idx", "index on public.data_files is not usable"),
                Fault.restoredLate("corrupt index, through amcheck", IndexCorruption.itemsOutOfOrder("data_files", "file_id"),
                        Stage.RELATIONAL_CONSISTENCY, Finding.Code.AMCHECK_CORRUPTION, "index public.drill_corrupt_idx",
                        "amcheck bt_index_check found corruption", "item order invariant violated"),
                Fault.restoredLate("index entries not matching the rows, with heapallindexed",
                        IndexCorruption.entriesNotMatchingRows("data_files", "file_id"), Stage.RELATIONAL_CONSISTENCY,
                        Finding.Code.AMCHECK_CORRUPTION, "index public.drill_stale_idx", "indexes (heapallindexed) and",
                        "amcheck bt_index_check found corruption").with("drill.amcheck.heapallindexed", "true"),
                // Relational faults live in the source: a restore that copies every row faithfully must still fail when the
                // catalog it copied is unsound (a NOT VALID foreign key, an implicit relation). A change made to the restored
                // copy instead is a content difference, caught by ContentParity.
                Fault.inSource("broken invariant", "UPDATE delete_files SET snapshot_id = snapshot_id % 400 + 1 WHERE delete_file_id = 5",
                        Finding.Code.INVARIANT_VIOLATED, "invariant delete_file_in_its_data_files_snapshot.sql",
                        "returned 1 row, e.g. delete_file_id=5", "(source: the source in the dump's snapshot returns the same 1 row)"),
                Fault.inSource("data file under another table's folder", "UPDATE data_files SET file_path = replace(file_path,"
                                + " '/warehouse/t', '/warehouse/t9') WHERE file_id = 4242", Finding.Code.INVARIANT_VIOLATED,
                        "invariant data_file_path_names_its_table.sql", "returned 1 row, e.g. file_id=4242", "(source: "),
                Fault.inSource("orphaned child row behind a NOT VALID key", ORPHAN_BEHIND_NOT_VALID_KEY, Finding.Code.ORPHAN_ROWS,
                        "public.delete_files", "1 orphaned row of foreign key delete_files_data_file_id_fkey (NOT VALID)",
                        "delete_file_id=42, data_file_id=987654321", "(source: the source in the dump's snapshot returns the same 1 row)"),
                Fault.inSource("orphan of an implicit relation", "UPDATE ops.integrity_runs SET catalog_snapshot_id = 555555555"
                                + " WHERE run_id = 3", Finding.Code.ORPHAN_ROWS, "ops.integrity_runs",
                        "1 orphaned row of implicit relation", "run_id=3, catalog_snapshot_id=555555555", "(source: "),
                Fault.inSource("sequence behind its column in the source", "SELECT setval('public.data_files_file_id_seq', 5)",
                        Finding.Code.SEQUENCE_BEHIND, "public.data_files_file_id_seq",
                        "sequence would hand out a value already used in public.data_files.file_id",
                        "(source: the dump recorded this state (5, true)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void eachFaultFailsTheStageThatOwnsIt(Fault fault) throws Exception {
        assumeTrue(fault.needs() != Needs.OWNERSHIP || comparesOwnership(), "this target restores without owners and privileges");
        assumeTrue(fault.needs() != Needs.PRIVATE_SOURCE || sourceIsPrivate(), "this target's self-tests share one source server");

        // A restore keeps the owners and privileges only as the superuser; by default the copy's are the restore role's.
        DrillRun run = fault.needs() == Needs.OWNERSHIP ? drill().with("drill.restore.allow-superuser", "true") : drill();
        DrillOutcome outcome = fault.inject().apply(run).run();

        DrillOutcome.DrillOutcomeAssert drilled = assertThatDrill(outcome).failedOnlyAt(fault.stage().title(), fault.fragments())
                .withFinding(fault.stage().title(), fault.code(), fault.subject());
        if (fault.sourceProblem()) {
            drilled.failedAsASourceProblem();
        }
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
