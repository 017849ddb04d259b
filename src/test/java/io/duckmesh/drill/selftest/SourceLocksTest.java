package io.duckmesh.drill.selftest;

import static io.duckmesh.drill.selftest.DrillOutcome.assertThatDrill;
import static org.assertj.core.api.Assertions.assertThat;

import io.duckmesh.drill.result.Finding;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No lock of the drill's outlives Backup on the source: a migration's ALTER TABLE with a 1 s
 * lock_timeout, on a table the manifest read, goes through after Backup, after Restore and after
 * ContentParity while the exported snapshot is still held, and the drill passes. (Before, the
 * manifest's reads in the exporting transaction held ACCESS SHARE on every table until Cleanup.)
 */
@DrillServers
class SourceLocksTest {

    @TempDir
    Path work;

    private ServerPair servers;

    /** Fails the hook, naming the sessions, if any other session on the source database holds a lock on a relation. */
    private static final String NO_OTHER_SESSION_HOLDS_A_TABLE_LOCK = "DO $$ DECLARE held text; BEGIN"
            + " SELECT string_agg(DISTINCT a.pid || ' (' || a.state || ', ' || l.mode || ')', '; ') INTO held"
            + " FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
            + " WHERE l.locktype = 'relation' AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"
            + " AND a.pid <> pg_backend_pid() AND a.application_name <> '" + SourceWriter.APPLICATION_NAME + "';"
            + " IF held IS NOT NULL THEN RAISE EXCEPTION 'sessions hold table locks on the source: %', held; END IF; END $$; ";

    @Test
    void aMigrationOnTheSourceNeverWaitsForTheDrillAfterBackup() throws Exception {
        String timeout = "SET lock_timeout = '1s'; " + NO_OTHER_SESSION_HOLDS_A_TABLE_LOCK;
        DrillOutcome outcome;
        try (SourceWriter writer = new SourceWriter(servers, 2_000_000)) {
            outcome = servers.drill(work, "duckmesh").alteringSource(
                    timeout + "ALTER TABLE data_files ADD COLUMN added_after_backup integer",
                    timeout + "ALTER TABLE snapshots ADD COLUMN added_after_restore text; ALTER TABLE data_files DROP COLUMN added_after_backup",
                    timeout + "ALTER TABLE namespaces ADD COLUMN added_after_content boolean; ALTER TABLE table_properties ADD COLUMN x int;"
                            + " ALTER TABLE snapshots DROP COLUMN added_after_restore")
                    .run();
            assertThat(writer.stop()).as("writer transactions per second during the drill").isPositive();
        }

        assertThatDrill(outcome).passedEveryStage();
        assertThat(outcome.summary().path("manifestLockSeconds").asDouble(-1)).as("manifestLockSeconds").isBetween(0.0, 60.0);
        assertThat(outcome.summary().path("snapshotHeldSeconds").asDouble(-1)).as("snapshotHeldSeconds").isPositive();
    }

    /** Fails the hook if any other session is connected to the source database at all. */
    private static final String NO_OTHER_SESSION = "DO $$ DECLARE other text; BEGIN"
            + " SELECT string_agg(pid || ' (' || state || ')', '; ') INTO other FROM pg_stat_activity"
            + " WHERE datname = current_database() AND pid <> pg_backend_pid();"
            + " IF other IS NOT NULL THEN RAISE EXCEPTION 'sessions on the source after Backup: %', other; END IF; END $$";

    @Test
    void untilBackupLeavesNoSessionOnTheSourceAndNamesADifferenceFromTheLiveSource() throws Exception {
        DrillOutcome outcome = servers.drill(work, "duckmesh").with("drill.source.snapshot-hold", "until-backup")
                .alteringSource(NO_OTHER_SESSION, NO_OTHER_SESSION, "")
                .damagingRestored("UPDATE data_files SET record_count = record_count + 1 WHERE file_id = 4242").run();

        assertThatDrill(outcome).failedOnlyAt("ContentParity", "public.data_files file_id=4242: row differs in column record_count",
                "(rows read from the live source now: writes since the backup may explain them)")
                .withFinding("ContentParity", Finding.Code.ROW_DIFFERS, "public.data_files file_id=4242");
    }

    private static final String WINDOW_TABLES = "DROP TABLE IF EXISTS window_created, window_dropped, window_altered, window_emptied;"
            + " CREATE TABLE window_dropped AS SELECT g FROM generate_series(1, 100) g;"
            + " CREATE TABLE window_altered AS SELECT g FROM generate_series(1, 100) g;"
            + " CREATE TABLE window_emptied AS SELECT g FROM generate_series(1, 100) g";

    /**
     * Without the lock-and-compare, pg_dump fails on the dropped table; a table created in the window
     * is in neither the dump nor the manifest, which is right, and is named as such.
     */
    @Test
    void ddlBetweenTheExportAndTheBackupsLocksFailsBackupNamingEveryTable() throws Exception {
        DrillOutcome outcome = servers.drill(work, "duckmesh").preparingSource(WINDOW_TABLES)
                .alteringSourceAfterExport("CREATE TABLE window_created (id integer); DROP TABLE window_dropped;"
                        + " ALTER TABLE window_altered ADD COLUMN added integer")
                .run();

        assertThatDrill(outcome).failedOnlyAt("Backup", "DDL ran on the source while the backup was taken",
                        "public.window_dropped was dropped", "public.window_altered was altered (columns at the snapshot: g integer; now:"
                                + " g integer, added integer)", "public.window_created was created after the snapshot",
                        "run the drill (or make backup) again when no migration runs on the source")
                .failedAs("backup failure", 1).leftNoDump();
    }

    /**
     * A table truncated after the export looks empty to the snapshot, to pg_dump and to the manifest
     * alike: without the comparison of its file, the drill passed with a backup missing all its rows.
     */
    @Test
    void aTableTruncatedInTheBackupWindowFailsBackup() throws Exception {
        DrillOutcome outcome = servers.drill(work, "duckmesh").preparingSource(WINDOW_TABLES)
                .alteringSourceAfterExport("TRUNCATE window_emptied").run();

        assertThatDrill(outcome).failedOnlyAt("Backup", "public.window_emptied was emptied or rewritten (TRUNCATE,",
                "the snapshot sees it empty, so the backup would hold none of its rows").failedAs("backup failure", 1);
    }

    @Test
    void aTableCreatedInTheBackupWindowIsNotInTheBackupAndTheDrillPasses() throws Exception {
        DrillOutcome outcome = servers.drill(work, "duckmesh").preparingSource(WINDOW_TABLES)
                .alteringSourceAfterExport("CREATE TABLE window_created AS SELECT g FROM generate_series(1, 10) g").run();

        assertThatDrill(outcome).passedEveryStage();
    }
}
