package io.duckmesh.drill.selftest;

import static io.duckmesh.drill.selftest.DrillOutcome.assertThatDrill;
import static org.assertj.core.api.Assertions.assertThat;

import io.duckmesh.drill.BackupCommand;
import io.duckmesh.drill.result.Finding;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mistakes people in a hurry make, each ending in one clear first line that names the setting or
 * object and says what to do, with the exit code it deserves; and names and passwords full of
 * spaces, quotes, $, ; and non-ASCII letters, which must simply work.
 */
@DrillServers
class BadInputTest {

    private static final String ODD_DATABASE = "duck \"mesh\" $; ü";
    private static final String ODD_ROLE = "drill 'reader' $; ö";
    private static final String ODD_PASSWORD = "p \"w\" 'x' $; ä";

    @TempDir
    Path work;

    private ServerPair servers;

    @BeforeAll
    void start() throws Exception {
        servers.passwordRole(ODD_ROLE, ODD_PASSWORD);
        servers.execute(servers.sourceAdmin(), "CREATE DATABASE \"" + ODD_DATABASE.replace("\"", "\"\"") + "\" TEMPLATE duckmesh");
        servers.execute(servers.sourceAdmin().withDatabase("duckmesh"), "CREATE ROLE drill_partial LOGIN;"
                + " GRANT pg_read_all_data TO drill_partial; REVOKE pg_read_all_data FROM drill_partial;"
                + " GRANT USAGE ON SCHEMA public, ops TO drill_partial; GRANT SELECT ON ALL TABLES IN SCHEMA public, ops TO drill_partial;"
                + " REVOKE SELECT ON public.data_files, ops.catalog_events FROM drill_partial;"
                + " CREATE ROLE drill_rls LOGIN; GRANT USAGE ON SCHEMA public, ops TO drill_rls;"
                + " GRANT SELECT ON ALL TABLES IN SCHEMA public, ops TO drill_rls;"
                + " ALTER TABLE ops.catalog_events ENABLE ROW LEVEL SECURITY;"
                + " CREATE POLICY recent_only ON ops.catalog_events FOR SELECT TO drill_rls USING (false)");
    }

    @Test
    void aMalformedJdbcUrl() throws Exception {
        DrillOutcome outcome = servers.drill(work.resolve("url"), "duckmesh").with("drill.source.url", "jdbc:postgres://db/duckmesh").run();

        assertThatDrill(outcome).failedOnlyAt("Preflight", "jdbc:postgresql://host[:port]/database");
        assertFirstLine(outcome, "Preflight", "Setting drill.source.url has the invalid value 'jdbc:postgres://db/duckmesh'");
        assertExit(outcome, 2, "configuration");
    }

    @Test
    void anUnknownHost() throws Exception {
        DrillOutcome outcome = servers.drill(work.resolve("host"), "duckmesh")
                .with("drill.source.url", "jdbc:postgresql://no-such-host.invalid:5432/duckmesh").run();

        assertFirstLine(outcome, "Preflight", "Cannot connect to postgres@no-such-host.invalid:5432/duckmesh: ");
        assertThat(message(outcome, "Preflight")).contains("Check the host, port");
        assertExit(outcome, 2, "infrastructure");
    }

    @Test
    void aPortThatRefuses() throws Exception {
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        DrillOutcome outcome = servers.drill(work.resolve("port"), "duckmesh")
                .with("drill.source.url", "jdbc:postgresql://127.0.0.1:" + closed + "/duckmesh").run();

        assertFirstLine(outcome, "Preflight", "Cannot connect to postgres@127.0.0.1:" + closed + "/duckmesh: ");
        assertThat(message(outcome, "Preflight")).containsIgnoringCase("refused");
        assertExit(outcome, 2, "infrastructure");
    }

    @Test
    void aWrongPassword() throws Exception {
        Path file = secret(work.resolve("wrong.password"), "not the password");
        DrillOutcome outcome = servers.drill(work.resolve("password"), ODD_DATABASE).with("drill.source.user", ODD_ROLE)
                .with("drill.source.url", servers.sourceUrl(encoded(ODD_DATABASE))).with("drill.source.password-file", file.toString()).run();

        assertFirstLine(outcome, "Preflight", "Cannot connect to " + ODD_ROLE + "@localhost:");
        assertThat(message(outcome, "Preflight")).contains("password authentication failed", "password settings");
        assertExit(outcome, 2, "infrastructure");
    }

    @Test
    void aRoleThatCannotReadTwoTablesIsToldWhichAtOnce() throws Exception {
        DrillOutcome outcome = servers.drill(work.resolve("partial"), "duckmesh").with("drill.source.user", "drill_partial").run();

        assertThatDrill(outcome).failedOnlyAt("Preflight", "ops.catalog_events: the source role drill_partial cannot read it",
                "public.data_files: the source role drill_partial cannot read it", "GRANT SELECT on them to drill_partial")
                .withFinding("Preflight", Finding.Code.SOURCE_TABLE_UNREADABLE, "ops.catalog_events")
                .withFinding("Preflight", Finding.Code.SOURCE_TABLE_UNREADABLE, "public.data_files");
        assertFirstLine(outcome, "Preflight", "2 findings: ops.catalog_events: the source role drill_partial cannot read it (source access)");
        assertExit(outcome, 2, "configuration");
    }

    /** make backup runs Preflight's source checks before pg_dump: the same refusal, and nothing written. */
    @Test
    void makeBackupRefusesARoleThatCannotReadEveryTableBeforeItDumps() throws Exception {
        Path folder = work.resolve("partial-backup");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = new BackupCommand(new PrintStream(out, true, StandardCharsets.UTF_8)).run(Map.of(
                "drill.source.url", servers.sourceUrl("duckmesh"), "drill.source.user", "drill_partial",
                "drill.dump.dir", folder.toString()), Map.of(), Path.of("").toAbsolutePath());

        assertThat(exit).as("make backup: %s", out).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("backup failed (configuration): 2 findings:"
                        + " ops.catalog_events: the source role drill_partial cannot read it (source access)",
                "public.data_files: the source role drill_partial cannot read it", "GRANT SELECT on them to drill_partial")
                .doesNotContain("pg_dump: error");
        assertThat(folder).as("no dump is written").satisfiesAnyOf(f -> assertThat(f).doesNotExist(), f -> assertThat(f).isEmptyDirectory());
    }

    /** Without BYPASSRLS, pg_dump (row_security=off) fails on the table; with row_security on it would dump fewer rows. */
    @Test
    void aRoleThatRowLevelSecurityFiltersIsToldWhichTableAndWhatToGrant() throws Exception {
        DrillOutcome outcome = servers.drill(work.resolve("rls"), "duckmesh").with("drill.source.user", "drill_rls").run();

        assertThatDrill(outcome).failedOnlyAt("Preflight", "ops.catalog_events: row-level security policies apply to the source role"
                + " drill_rls, so pg_dump cannot read all of its rows", "ALTER ROLE drill_rls BYPASSRLS")
                .withFinding("Preflight", Finding.Code.SOURCE_ROW_SECURITY_APPLIES, "ops.catalog_events");
        assertFirstLine(outcome, "Preflight", "1 finding: ops.catalog_events: row-level security policies apply");
        assertExit(outcome, 2, "configuration");
    }

    @Test
    void pgDumpMissingFromTheToolFolder() throws Exception {
        Path empty = Files.createDirectories(work.resolve("empty-bin"));
        DrillOutcome outcome = servers.drill(work.resolve("tools"), "duckmesh").with("drill.pg.bin-dir", empty.toString()).run();

        assertFirstLine(outcome, "Preflight", "pg_dump not found in drill.pg.bin-dir (" + empty + ")");
        assertThat(message(outcome, "Preflight")).contains("apt-get install postgresql-client-15", "drill.pg.bin-dir");
        assertExit(outcome, 2, "configuration");
    }

    @Test
    void aRestoreDatabaseNameThatAlreadyExists() throws Exception {
        servers.execute(servers.verificationAdmin(), "CREATE DATABASE taken");
        try {
            DrillOutcome outcome = servers.drill(work.resolve("taken"), "duckmesh").with("drill.restore.database", "taken").run();

            assertFirstLine(outcome, "Restore", "The throwaway database taken already exists on the restore server;");
            assertThat(message(outcome, "Restore")).contains("Choose another drill.restore.database");
            assertThat(servers.verificationDatabases()).as("the existing database is not dropped").containsExactly("taken");
            assertExit(outcome, 2, "infrastructure");
        } finally {
            servers.execute(servers.verificationAdmin(), "DROP DATABASE taken");
        }
    }

    @Test
    void invalidValuesAreAllListedAtOnceWithWhatIsAllowed() throws Exception {
        DrillOutcome outcome = servers.drill(work.resolve("values"), "duckmesh").with("drill.timeout.connect", "-PT5S")
                .with("drill.timeout.statement", "ten minutes").with("drill.dump.format", "tar").with("drill.content.max-diff-rows", "many")
                .run();

        assertFirstLine(outcome, "Preflight", "Setting drill.content.max-diff-rows has the invalid value 'many'"
                + " (from -Ddrill.content.max-diff-rows); allowed: a whole number above 0");
        assertThat(message(outcome, "Preflight")).contains("drill.timeout.connect", "drill.timeout.statement", "drill.dump.format",
                "drill.content.max-diff-rows", "a positive ISO-8601 duration such as PT30S", "allowed: custom, directory",
                "a whole number above 0");
        assertExit(outcome, 2, "configuration");
    }

    @Test
    void namesAndPasswordsWithSpacesQuotesDollarsSemicolonsAndUmlautsWork() throws Exception {
        Path file = secret(work.resolve("odd.password"), ODD_PASSWORD);

        DrillOutcome outcome = servers.drill(work.resolve("odd"), ODD_DATABASE).with("drill.source.user", ODD_ROLE)
                .with("drill.source.url", servers.sourceUrl(encoded(ODD_DATABASE))).with("drill.source.password-file", file.toString()).run();

        assertThatDrill(outcome).passedEveryStage();
        assertThat(outcome.summary().path("source").asText()).contains(ODD_ROLE + "@", ODD_DATABASE);
    }

    private static String encoded(String database) {
        return java.net.URLEncoder.encode(database, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static Path secret(Path file, String value) throws Exception {
        Files.writeString(file, value + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    private static String message(DrillOutcome outcome, String stage) {
        return outcome.stages().stream().filter(s -> s.name().equals(stage)).findFirst().orElseThrow().message();
    }

    private static void assertFirstLine(DrillOutcome outcome, String stage, String start) {
        List<DrillOutcome.Stage> stages = outcome.stages();
        DrillOutcome.Stage failed = stages.stream().filter(s -> s.name().equals(stage)).findFirst()
                .orElseThrow(() -> new AssertionError("no stage " + stage + " in " + stages));
        assertThat(failed.status()).as("%s: %s", stage, failed.message()).isEqualTo("failed");
        assertThat(failed.message().lines().findFirst().orElse("")).as("first line of %s", stage).startsWith(start);
    }

    private static void assertExit(DrillOutcome outcome, int code, String category) throws Exception {
        assertThat(outcome.summary().path("exitCode").asInt()).as("exit code").isEqualTo(code);
        assertThat(outcome.summary().path("failureCategory").asText()).isEqualTo(category);
    }
}
