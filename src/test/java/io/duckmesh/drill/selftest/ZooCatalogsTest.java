package io.duckmesh.drill.selftest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.duckmesh.drill.BackupCommand;
import io.duckmesh.drill.backup.DumpFile;
import io.duckmesh.drill.backup.Manifest;
import io.duckmesh.drill.postgres.EmbeddedServer;
import io.duckmesh.drill.result.Finding.Code;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static io.duckmesh.drill.selftest.DrillOutcome.assertThatDrill;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Catalogs nobody here wrote, drilled on the server target between two Debian servers (they need
 * PostGIS, pg_partman and contrib): PostgREST's test fixtures, PostGraphile's kitchen sink, and a
 * catalog of extension-owned tables and uuid keys. Each passes untouched with no finding of the
 * restore's, its source's own problems reported as the source's, and fails the owning stage on a
 * fault injected into the restored copy.
 */
@EnabledWithDebianServers
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ZooCatalogsTest {

    private static final List<String> DATABASES = List.of("zoo_postgrest", "zoo_postgrest_recursive", "zoo_kitchensink", "zoo_extensions",
            "zoo_kinds");

    @TempDir
    Path work;

    private final DebianServers servers = new DebianServers();

    @BeforeAll
    void loadCatalogs() throws Exception {
        for (String database : DATABASES) {
            servers.drop(database);
        }
        Path postgrest = DebianServers.realworld().resolve("postgrest");
        servers.recreate("zoo_postgrest_recursive", Optional.empty());
        servers.psql("zoo_postgrest_recursive", postgrest, List.of("DBNAME=zoo_postgrest_recursive", "PGUSER=postgres"),
                List.of("database.sql", "roles.sql", "schema.sql", "jwt.sql", "jsonschema.sql", "privileges.sql", "data.sql"));
        servers.recreate("zoo_postgrest", Optional.of("zoo_postgrest_recursive"));
        servers.psql("zoo_postgrest", postgrest, List.of(), List.of("drop-recursive-view.sql"));
        servers.recreate("zoo_kitchensink", Optional.empty());
        servers.psql("zoo_kitchensink", DebianServers.realworld().resolve("kitchensink"), List.of(),
                List.of("00-roles.sql", "00-extensions.sql", "kitchen-sink-schema.sql", "kitchen-sink-permissions.sql", "kitchen-sink-data.sql"));
        servers.recreate("zoo_extensions", Optional.empty());
        servers.psql("zoo_extensions", Path.of("fixtures/extensions").toAbsolutePath(), List.of(), List.of("catalog.sql"));
        servers.recreate("zoo_kinds", Optional.empty());
        servers.psql("zoo_kinds", Path.of("fixtures/kinds").toAbsolutePath(), List.of(), List.of("catalog.sql"));
        // The verification server has the catalog's roles, as a real one has the source's: its policies and
        // user mapping name kinds_reader, and --no-owner --no-privileges does not drop those.
        servers.executeOnVerification("DO $$ BEGIN CREATE ROLE kinds_reader NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$");
    }

    @AfterAll
    void dropCatalogs() throws Exception {
        for (String database : DATABASES) {
            servers.drop(database);
        }
    }

    private DrillRun drill(String database) {
        String profile = switch (database) {
            case "zoo_postgrest", "zoo_postgrest_recursive" -> "fixtures/realworld/postgrest.properties";
            case "zoo_kitchensink" -> "fixtures/realworld/kitchensink.properties";
            case "zoo_kinds" -> "fixtures/kinds/drill-profile.properties";
            default -> "fixtures/extensions/drill-profile.properties";
        };
        return servers.drill(work, database, Path.of(profile).toAbsolutePath());
    }

    /**
     * Upgrade rehearsal of a real-world catalog with extensions: PostGraphile's kitchen sink (hstore, intarray, ltree,
     * citext, pgcrypto, tablefunc, file_fdw) on Debian's PostgreSQL 15, restored onto a PostgreSQL 17 verification server
     * (zonky's binaries carry those contrib extensions, not PostGIS, so PostgREST's fixtures cannot be rehearsed here).
     * Its backup, written by pg_dump 15, does not restore into 17: the rehearsal fails Restore (exit 1, restore failure)
     * with pg_restore's error and the statement it refused, and says to dump with 17's pg_dump for the upgrade.
     */
    @Test
    void theKitchenSinksBackupByPgDump15DoesNotRestoreIntoPostgres17AndTheRehearsalSaysWhy() throws Exception {
        try (EmbeddedServer seventeen = EmbeddedServer.start("PostgreSQL 17 verification server", java.time.Duration.ofSeconds(60),
                Path.of("target/postgres-binaries/postgres-17.jar"))) {
            try (java.sql.Connection admin = new io.duckmesh.drill.postgres.PgSessions(java.time.Duration.ofSeconds(10),
                    java.time.Duration.ofMinutes(1)).openWritable(seventeen.endpoint("postgres"));
                 java.sql.Statement statement = admin.createStatement()) {
                statement.execute(Files.readString(DebianServers.realworld().resolve("kitchensink/00-roles.sql")));
            }
            String verification = "jdbc:postgresql://localhost:" + seventeen.endpoint("postgres").port() + "/postgres";
            DrillOutcome outcome = drill("zoo_kitchensink").with("drill.restore.url", verification).run();

            assertThatDrill(outcome).failedOnlyAt("Restore", "failed with exit code 1", "ERROR:  syntax error at or near", "Command was: ",
                    "Upgrade rehearsal: this backup, written by pg_dump (PostgreSQL) 15.", "does not restore into PostgreSQL 17.",
                    "take the upgrade's backup with PostgreSQL 17's pg_dump");
            assertThat(outcome.summary().path("restoreServerVersion").asText()).startsWith("17.");
            assertThat(outcome.summary().path("exitCode").asInt()).isEqualTo(1);
            assertThat(outcome.summary().path("failureCategory").asText()).isEqualTo("restore failure");
        }
    }

    /** Cleanup drops the throwaway database although it holds the catalog's subscription (DROP DATABASE refuses one). */
    @Test
    void theCatalogOfEveryKindPassesOnTheServerTargetAndItsThrowawayDatabaseIsDropped() throws Exception {
        DrillOutcome outcome = drill("zoo_kinds").run();

        assertThatDrill(outcome).passedEveryStageBut("MigrationParity", "declares no migrations-table");
        KindsCatalogTest.assertNoFileHolds(work.resolve("reports"), "subscription-canary-secret", "mapping-canary-secret");
    }

    /**
     * The server target restores with --no-owner --no-privileges, so only the archive can show the owners
     * and grants (and pg_restore applies database settings only with --create): a backup of a copy of the
     * source that lost a grant, a revoke, an owner and a database setting, beside the source's manifest
     * (as a faulty backup tool would leave it), fails SchemaParity naming each.
     */
    @Test
    void aBackupThatLostAGrantARevokeAnOwnerAndADatabaseSettingFailsSchemaParityOnTheServerTarget(@TempDir Path backups)
            throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = new BackupCommand(new PrintStream(out, true, StandardCharsets.UTF_8)).run(Map.of(
                "drill.source.url", servers.sourceUrl("zoo_kinds"), "drill.source.user", "postgres", "drill.dump.dir", backups.toString(),
                "drill.profile", Path.of("fixtures/kinds/drill-profile.properties").toAbsolutePath().toString()), Map.of(),
                Path.of("").toAbsolutePath());
        assertThat(exit).as("make backup: %s", out).isZero();
        Path dump;
        try (Stream<Path> files = Files.list(backups)) {
            dump = files.filter(f -> f.getFileName().toString().endsWith(".dump")).findFirst().orElseThrow();
        }
        servers.recreate("zoo_kinds_lost", Optional.of("zoo_kinds"));
        try {
            // A database copied from a template has no subscription of its own: the copy gets the source's again.
            servers.execute("zoo_kinds_lost", "REVOKE SELECT ON kinds.accounts FROM kinds_reader;"
                    + " GRANT EXECUTE ON FUNCTION kinds.mood_of(integer) TO PUBLIC; ALTER TABLE kinds.scratch OWNER TO postgres;"
                    + " CREATE SUBSCRIPTION kinds_subscription CONNECTION 'host=nowhere.invalid dbname=nowhere user=nobody'"
                    + " PUBLICATION kinds_accounts WITH (connect = false, slot_name = 'kinds_subscription_slot', enabled = false);"
                    // nor any setting: the role's is set again, the database's own is lost
                    + " ALTER ROLE kinds_reader IN DATABASE zoo_kinds_lost SET search_path = kinds, public");
            servers.dump("zoo_kinds_lost", dump);
        } finally {
            servers.drop("zoo_kinds_lost");
        }
        ObjectMapper json = new ObjectMapper();
        ObjectNode manifest = (ObjectNode) json.readTree(Manifest.fileFor(dump).toFile());
        ((ObjectNode) manifest.path("dump")).set("files", json.valueToTree(DumpFile.of(dump)));
        json.writeValue(Manifest.fileFor(dump).toFile(), manifest);

        DrillOutcome outcome = drill("zoo_kinds").with("drill.backup.file", dump.toString()).run();

        assertThatDrill(outcome).failedOnlyAt("SchemaParity", "5 findings: database setting the database: missing from the archive",
                "database settings in the archive: 1 finding", "-> manifest: work_mem=8MB",
                "owners and privileges in the archive: 4 findings", "-> manifest: kinds_owner", "-> archive : postgres",
                "privileges relation kinds.accounts: missing from the archive",
                "privileges function kinds.mood_of(integer): definition differs",
                "-> archive : {=X/postgres,postgres=X/postgres,kinds_reader=X/postgres}",
                // the grant to kinds_reader survives, but granted by the owner the archive names
                "privileges relation kinds.scratch: definition differs");
    }

    @Test
    void theCatalogOfEveryKindThatLostOneOfEachFailsSchemaParityOnTheServerTarget() throws Exception {
        DrillOutcome outcome = drill("zoo_kinds").damagingRestored(KindsCatalogTest.ONE_OF_EACH_LOST).run();

        List<KindsCatalogTest.Lost> lost = KindsCatalogTest.NAMED.stream().filter(named -> !named.subject().startsWith("privileges ")).toList();
        DrillOutcome.DrillOutcomeAssert drilled = assertThatDrill(outcome).failedOnlyAt("SchemaParity",
                lost.stream().map(KindsCatalogTest.Lost::subject).toArray(String[]::new));
        for (KindsCatalogTest.Lost each : lost) {
            drilled.withFinding("SchemaParity", each.code(), each.subject());
        }
    }

    @Test
    void postgrestPassesWithItsStaleViewAsANoteAndItsSequencesAsTheSources() throws Exception {
        DrillOutcome outcome = drill("zoo_postgrest").with("drill.globals", "true").run();

        assertThatDrill(outcome).passedEveryStageBut("MigrationParity", "declares no migrations-table")
                .passedWithSourceFinding("RelationalConsistency", "sequence would hand out a value already used in");
        JsonNode summary = outcome.summary();
        assertThat(summary.path("findingsByKind").path("source").asInt()).as("source findings").isEqualTo(3);
        assertThat(summary.path("byDesignNotes").findValuesAsText("subject")).as("by-design notes")
                .containsOnly("test.materialized_projects");
        assertThat(summary.path("byDesignNotes").findValuesAsText("problem")).allSatisfy(problem ->
                assertThat(problem).contains("by design: pg_restore refreshed this materialized view"));
    }

    @Test
    void postgrestWithItsSelfReferencingViewsFailsRestoreNamingTheView() throws Exception {
        DrillOutcome outcome = drill("zoo_postgrest_recursive").run();

        assertThatDrill(outcome).failedOnlyAt("Restore", "failed with exit code 1", "relation \"test.infinite_recursion\" does not exist");
    }

    @Test
    void kitchenSinkPassesWithItsSequencesBehindTheirColumnsAsTheSources() throws Exception {
        DrillOutcome outcome = drill("zoo_kitchensink").with("drill.globals", "true").run();

        assertThatDrill(outcome).passedEveryStageBut("MigrationParity", "declares no migrations-table")
                .passedWithSourceFinding("RelationalConsistency", "a.default_value_id_seq: sequence would hand out a value already used in a.default_value.id");
        assertThat(outcome.summary().path("findingsByKind").path("source").asInt()).as("source findings").isEqualTo(19);
        assertThat(outcome.summary().path("findingsByKind").path("restore").asInt()).isZero();
    }

    @Test
    void extensionOwnedTablesRaiseNoFalseAlarm() throws Exception {
        DrillOutcome outcome = drill("zoo_extensions").run();

        assertThatDrill(outcome).passedEveryStageBut("MigrationParity", "declares no migrations-table");
        assertThat(outcome.summary().path("findingsByKind").path("source").asInt()).isZero();
    }

    @Test
    void aUuidKeyedSourceWithExtensionsPassesMakeBackupAndADrillOfThatBackup(@TempDir Path backups) throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int exit = new io.duckmesh.drill.BackupCommand(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8)).run(
                java.util.Map.of("drill.source.url", servers.sourceUrl("zoo_extensions"), "drill.source.user", "postgres",
                        "drill.profile", Path.of("fixtures/extensions/drill-profile.properties").toAbsolutePath().toString(),
                        "drill.dump.dir", backups.toString()), java.util.Map.of(), Path.of("").toAbsolutePath());
        assertThat(exit).as("make backup: %s", out).isZero();
        Path dump;
        try (Stream<Path> files = java.nio.file.Files.list(backups)) {
            dump = files.filter(f -> f.getFileName().toString().endsWith(".dump")).findFirst().orElseThrow();
        }

        DrillOutcome outcome = drill("zoo_extensions").with("drill.backup.file", dump.toString()).run();

        assertThatDrill(outcome).passedEveryStageBut("MigrationParity", "declares no migrations-table");
        assertThat(io.duckmesh.drill.backup.Manifest.read(io.duckmesh.drill.backup.Manifest.fileFor(dump)).tables())
                .extracting(t -> t.schema() + "." + t.name())
                .contains("public.places", "public.place_tags", "public.spatial_ref_sys", "partman.part_config");
    }

    /** A fault in one catalog's restored copy, the stage that must fail, a finding it must report, and its message's fragments. */
    record Fault(String database, String stage, String sql, Code code, String subject, List<String> fragments) {

        @Override
        public String toString() {
            return database + ": " + sql + " fails " + stage;
        }
    }

    private static Fault fault(String database, String stage, String sql, Code code, String subject, String... fragments) {
        return new Fault(database, stage, sql, code, subject, List.of(fragments));
    }

    static Stream<Fault> faults() {
        return Stream.of(
                fault("zoo_postgrest", "ContentParity", "UPDATE test.clients SET name = 'Microsoft ' WHERE id = 1",
                        Code.ROW_DIFFERS, "test.clients id=1", "test.clients id=1: row differs in column name"),
                fault("zoo_postgrest", "RowCountParity", "SET session_replication_role = replica; DELETE FROM test.tasks WHERE id = 1",
                        Code.ROW_COUNT_DIFFERS, "test.tasks", "test.tasks: row count differs"),
                fault("zoo_postgrest", "SchemaParity", "DROP VIEW test.projects_view",
                        Code.SCHEMA_OBJECT_MISSING, "view test.projects_view", "view test.projects_view: missing from the restored copy"),
                fault("zoo_kitchensink", "ContentParity", "UPDATE c.person SET about = 'changed' WHERE id = 1",
                        Code.ROW_DIFFERS, "c.person id=1", "c.person id=1: row differs in column about"),
                fault("zoo_kitchensink", "RowCountParity", "DELETE FROM a.post WHERE id = 1",
                        Code.ROW_COUNT_DIFFERS, "a.post", "a.post: row count differs"),
                fault("zoo_extensions", "RowCountParity", "DELETE FROM spatial_ref_sys WHERE srid = 990001",
                        Code.ROW_COUNT_DIFFERS, "public.spatial_ref_sys", "public.spatial_ref_sys: row count differs"),
                fault("zoo_extensions", "ContentParity", "UPDATE spatial_ref_sys SET srtext = 'LOCAL_CS[\"other\"]' WHERE srid = 990001",
                        Code.ROW_DIFFERS, "public.spatial_ref_sys srid=990001",
                        "public.spatial_ref_sys srid=990001: row differs in column srtext"),
                fault("zoo_extensions", "ContentParity", "UPDATE places SET name = 'moved' WHERE id = md5('place1')::uuid",
                        Code.ROW_DIFFERS, "public.places id=6a83b45d-6d3a-b59b-bce3-750693043302",
                        "public.places id=6a83b45d-6d3a-b59b-bce3-750693043302: row differs in column name"),
                fault("zoo_extensions", "ContentParity", "UPDATE events SET payload = 'changed' WHERE id = md5('event7')::uuid",
                        Code.ROW_DIFFERS,
                        "public.events_p2026_11_01 id=938429be-5d31-dc91-b053-2af798e9bd21, at=2026-11-01 00:07:00+00",
                        "row differs in column payload"),
                fault("zoo_extensions", "ContentParity", "DELETE FROM place_tags WHERE place_id = md5('place2')::uuid AND tag = 'b';"
                                + " INSERT INTO place_tags VALUES (md5('place2')::uuid, 'c')",
                        Code.ROW_EXTRA, "public.place_tags place_id=c9e21b47-f667-52e7-0994-84620de26821, tag=c",
                        "2 findings", "public.place_tags place_id="));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void faultInTheRestoredCopyFailsTheOwningStage(Fault fault) throws Exception {
        DrillOutcome outcome = drill(fault.database()).damagingRestored(fault.sql()).run();

        assertThatDrill(outcome).failedOnlyAt(fault.stage(), fault.fragments().toArray(String[]::new))
                .withFinding(fault.stage(), fault.code(), fault.subject());
        assertThat(outcome.summary().path("findingsByKind").path("restore").asInt()).as("restore findings").isPositive();
    }

    @Test
    void aStaleViewWhoseRestoredRowsAreNotItsQuerysStillFails() throws Exception {
        DrillOutcome outcome = drill("zoo_postgrest").damagingRestored("SET session_replication_role = replica;"
                + " REFRESH MATERIALIZED VIEW test.materialized_projects;"
                + " UPDATE test.projects SET name = 'renamed' WHERE id = 1;"
                + " REFRESH MATERIALIZED VIEW test.materialized_projects;"
                + " UPDATE test.projects SET name = 'Windows 7' WHERE id = 1").run();

        assertThatDrill(outcome).failedOnlyAt("RowCountParity", "test.materialized_projects");
    }
}
