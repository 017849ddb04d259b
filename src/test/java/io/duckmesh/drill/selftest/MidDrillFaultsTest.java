package io.duckmesh.drill.selftest;

import static io.duckmesh.drill.selftest.DrillOutcome.assertThatDrill;
import static org.assertj.core.api.Assertions.assertThat;

import io.duckmesh.drill.postgres.PgSessions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults that strike mid-drill: pg_restore killed halfway, the source's sessions terminated, the
 * restore server stopped, a check hung on a lock, the dump folder full. Each fails the stage it hits
 * with a message saying what and how long, Cleanup still removes what the drill created, and the
 * source is untouched.
 */
@DrillServers(rows = 400_000)
class MidDrillFaultsTest {

    @TempDir
    Path work;

    private ServerPair servers;

    private String sourceBefore;

    @BeforeAll
    void start() throws Exception {
        sourceBefore = sourceState();
    }

    @AfterAll
    void stop() throws Exception {
        assertThat(sourceState()).as("the source after every fault").isEqualTo(sourceBefore);
    }

    @Test
    void pgRestoreKilledHalfwayFailsRestoreAndTheThrowawayDatabaseIsDropped() throws Exception {
        CompletableFuture<Boolean> killer = CompletableFuture.supplyAsync(() -> {
            ProcessHandle restore = Awaitility.await("pg_restore running").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20))
                    .until(() -> ProcessHandle.current().descendants()
                            .filter(p -> p.info().command().map(c -> c.endsWith("/pg_restore")).orElse(false))
                            .filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains("--dbname=drill_duckmesh_")).orElse(false))
                            .findFirst(), Optional::isPresent).orElseThrow();
            return restore.destroyForcibly();
        });

        DrillOutcome outcome = servers.drill(work.resolve("killed"), "duckmesh").run();

        assertThat(killer.get(10, TimeUnit.SECONDS)).as("pg_restore was killed").isTrue();
        assertThatDrill(outcome).failedOnlyAt("Restore", "pg_restore of ", "failed with exit code 137",
                "Read the attached pg_restore log");
        assertThat(servers.verificationDatabases()).as("throwaway databases left").isEmpty();
    }

    @Test
    void theSourceSessionsTerminatedDuringTheChecksFailContentParityClearly() throws Exception {
        DrillOutcome outcome = servers.drill(work.resolve("terminated"), "duckmesh")
                .damagingRestored("UPDATE namespaces SET name = name || ' ' WHERE namespace_id = 3")
                .with(MidDrillFaults.TERMINATE_SOURCE_SESSIONS, "true").run();

        assertThatDrill(outcome).failedOnlyAt("ContentParity", "Cannot reopen exported snapshot", "on postgres@localhost:");
        assertThat(servers.verificationDatabases()).isEmpty();
    }

    @Test
    void theRestoreServerStoppedMidCheckFailsTheStageAndCleanupStillFinishes() throws Exception {
        DrillOutcome outcome = DrillRun.in(work.resolve("stopped")).with(MidDrillFaults.STOP_RESTORE_SERVER, "true").run();

        assertThatDrill(outcome).failedOnlyAt("ContentParity", "Cannot connect to postgres@localhost:", "refused",
                "Check the host, port");
    }

    @Test
    void aCheckHungOnALockFailsWithTheStepAndTheTimeWaited() throws Exception {
        DrillOutcome outcome = servers.drill(work.resolve("locked"), "duckmesh").with("drill.timeout.statement", "PT2S")
                .with(MidDrillFaults.LOCK_RESTORED_TABLE, "public.data_files").run();

        // 40 and 50 compare the checksums Restore took before the lock; the first check to read the table hangs on it
        assertThatDrill(outcome).failedOnlyAt("RelationalConsistency", "Step 'read the restored copy's tables", "was cancelled after 2.",
                "a statement ran longer than drill.timeout.statement", "hold a lock");
        assertThat(servers.verificationDatabases()).isEmpty();
    }

    @Test
    void aPgDumpHungOnALockFailsBackupWithTheTimeoutAndLeavesNoPgDump() throws Exception {
        try (Connection locker = servers.sessions().openWritable(servers.sourceAdmin().withDatabase("duckmesh"));
             Statement statement = locker.createStatement()) {
            locker.setAutoCommit(false);
            statement.execute("LOCK TABLE public.snapshots IN ACCESS EXCLUSIVE MODE");

            DrillOutcome outcome = servers.drill(work.resolve("dump-hung"), "duckmesh").with("drill.timeout.pg-dump", "PT3S").run();

            assertThatDrill(outcome).failedOnlyAt("Backup", "did not finish within drill.timeout.pg-dump=PT3S");
            assertThat(ProcessHandle.current().descendants().filter(p -> p.info().command().map(c -> c.endsWith("/pg_dump")).orElse(false))
                    .filter(ProcessHandle::isAlive)).as("pg_dump processes left").isEmpty();
            locker.rollback();
        }
        assertThat(servers.verificationDatabases()).isEmpty();
    }

    @Test
    void aFullDumpFolderFailsBackupWithThePathAndTheBytesAndLeavesNoPartialDump() throws Exception {
        Path full = Files.createDirectories(work.resolve("full"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", full.toString()).inheritIO().start();
        if (!mount.waitFor(30, TimeUnit.SECONDS) || mount.exitValue() != 0) {
            assertThat(System.getenv("CI")).as("CI runs as root and can mount a tmpfs").isNull();
            Assumptions.abort("cannot mount a tmpfs here (needs root); the full-disk case was not run");
        }
        try {
            DrillOutcome outcome = servers.drill(work.resolve("disk"), "duckmesh").with("drill.dump.dir", full.toString()).run();

            assertThatDrill(outcome).failedOnlyAt("Backup", "ran out of space in drill.dump.dir=" + full, "bytes free there",
                    "No partial dump was kept", "The source database takes");
            try (Stream<Path> left = Files.list(full)) {
                assertThat(left).as("files left in the full dump folder").isEmpty();
            }
        } finally {
            new ProcessBuilder("umount", full.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Row counts and the newest snapshot of the source, to prove no fault changed it. */
    private String sourceState() throws Exception {
        try (Connection source = servers.sessions().openReadOnly(servers.sourceAdmin().withDatabase("duckmesh"));
             Statement statement = source.createStatement();
             ResultSet rs = statement.executeQuery("SELECT (SELECT count(*) FROM data_files) || '/' || (SELECT count(*) FROM snapshots)"
                     + " || '/' || (SELECT max(committed_at) FROM snapshots) || '/' || (SELECT string_agg(name, ',' ORDER BY namespace_id)"
                     + " FROM namespaces)")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
