package io.duckmesh.drill.selftest;

import static io.duckmesh.drill.selftest.DrillOutcome.assertThatDrill;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.duckmesh.drill.result.Finding.Code;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * drill.globals on the embedded target: the backup writes the cluster's globals beside the dump, the
 * restore server gets them before the dump (owners and grants restore with the source's own roles),
 * and SchemaParity compares them both ways. A source with login and group roles, memberships with and
 * without ADMIN, role settings, a comment and a tablespace holding a table passes with no finding; each
 * global lost or changed on the restore server fails SchemaParity, named; no password hash is written.
 */
class GlobalsTest {

    /** A source's cluster as catalogs have it; {@code <folder>} is the tablespace's location. */
    static String roles(Path tablespace) {
        return """
                CREATE ROLE drill_owner NOLOGIN;
                CREATE ROLE drill_reader LOGIN PASSWORD 'canary-password-7731' CONNECTION LIMIT 7 VALID UNTIL '2031-01-01 00:00:00+00';
                CREATE ROLE drill_admin CREATEROLE NOINHERIT;
                COMMENT ON ROLE drill_reader IS 'reads the catalog';
                GRANT drill_owner TO drill_reader;
                GRANT drill_owner TO drill_admin WITH ADMIN OPTION;
                GRANT pg_read_all_stats TO drill_reader;
                ALTER ROLE drill_reader SET statement_timeout = '5s';
                ALTER ROLE drill_reader SET search_path = public, duckmesh;
                ALTER TABLE public.data_files OWNER TO drill_owner;
                GRANT SELECT ON public.data_files TO drill_reader
                ;;
                CREATE TABLESPACE drill_space OWNER drill_owner LOCATION '%s'
                ;;
                GRANT CREATE ON TABLESPACE drill_space TO drill_reader;
                CREATE TABLE public.kept_elsewhere (id int PRIMARY KEY) TABLESPACE drill_space;
                INSERT INTO public.kept_elsewhere SELECT generate_series(1, 50);
                """.formatted(tablespace.toString().replace("'", "''"));
    }

    @TempDir
    Path work;

    private DrillRun drill(String name) throws Exception {
        return DrillRun.in(work.resolve(name)).with("drill.globals", "true")
                .preparingSource(roles(Files.createDirectories(work.resolve(name + "-tablespace"))));
    }

    @Test
    void aClusterWithRolesMembershipsSettingsAndATablespacePassesAndNoPasswordHashIsWritten() throws Exception {
        DrillOutcome outcome = drill("clean").with("drill.dump.retain", "always").run();

        assertThatDrill(outcome).passedEveryStage();
        Path dump = outcome.dumpsLeft().stream().filter(f -> f.toString().endsWith(".dump")).findFirst().orElseThrow();
        Path globals = dump.resolveSibling(dump.getFileName() + ".globals.sql");
        assertThat(globals).exists();
        assertThat(Files.readString(globals)).contains("CREATE ROLE drill_reader;", "GRANT drill_owner TO drill_admin WITH ADMIN OPTION")
                .doesNotContain("SCRAM-SHA-256$", "md5");
        JsonNode manifest = new ObjectMapper().readTree(dump.resolveSibling(dump.getFileName() + ".manifest.json").toFile());
        assertThat(manifest.path("globals").path("file").path("sha256").asText()).hasSize(64);
        assertThat(manifest.path("globals").path("passwords").asBoolean(true)).isFalse();
        assertThat(manifest.path("globals").path("objects").toString()).contains("drill_reader", "statement_timeout", "drill_space");
        try (Stream<Path> files = Files.walk(work.resolve("clean"))) {
            for (Path file : files.filter(Files::isRegularFile).filter(f -> !f.toString().endsWith(".dump")).toList()) {
                assertThat(new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1))
                        .as("%s holds no password hash", file).doesNotContain("SCRAM-SHA-256$");
            }
        }
    }

    /** A global the restore lost or changed, and how SchemaParity names it. */
    record Fault(String sql, Code code, String subject) {
    }

    /** Faults that can strike one restored copy together; each is named on its own. */
    static List<List<Fault>> faults() {
        return List.of(
                List.of(new Fault("DROP ROLE drill_admin", Code.GLOBAL_MISSING, "role drill_admin"),
                        new Fault("REVOKE drill_owner FROM drill_reader", Code.GLOBAL_MISSING, "role membership drill_reader in drill_owner"),
                        new Fault("ALTER ROLE drill_reader RESET statement_timeout", Code.GLOBAL_MISSING,
                                "role setting drill_reader statement_timeout"),
                        new Fault("CREATE ROLE drill_intruder", Code.GLOBAL_EXTRA, "role drill_intruder"),
                        new Fault("REVOKE CREATE ON TABLESPACE drill_space FROM drill_reader", Code.GLOBAL_DIFFERS, "tablespace drill_space")),
                List.of(new Fault("REVOKE ADMIN OPTION FOR drill_owner FROM drill_admin", Code.GLOBAL_DIFFERS,
                                "role membership drill_admin in drill_owner"),
                        new Fault("ALTER ROLE drill_reader NOLOGIN", Code.GLOBAL_DIFFERS, "role drill_reader")));
    }

    @ParameterizedTest(name = "{index}")
    @MethodSource("faults")
    void eachGlobalTheRestoreLostChangedOrAddedFailsSchemaParityNamed(List<Fault> faults) throws Exception {
        DrillOutcome outcome = drill("faults-" + faults.size()).damagingRestored(String.join(";\n", faults.stream().map(Fault::sql).toList()))
                .run();

        DrillOutcome.DrillOutcomeAssert failed = assertThatDrill(outcome).failedOnlyAt("SchemaParity", "globals parity");
        for (Fault fault : faults) {
            failed.withFinding("SchemaParity", fault.code(), fault.subject());
        }
        assertThat(outcome.summary().path("findingsByKind").path("restore").asInt()).as("restore findings")
                .isGreaterThanOrEqualTo(faults.size());
    }

    @Test
    void aGlobalsStatementTheRestoreServerRefusesFailsRestoreNamingItsLine() throws Exception {
        DrillOutcome outcome = drill("refused").with(DumpDamage.PARAMETER, "globals:GRANT drill_nobody TO drill_reader;").run();

        assertThatDrill(outcome).failedOnlyAt("Restore", "did not restore onto embedded PostgreSQL on port", "1 statement was refused",
                "GRANT drill_nobody TO drill_reader;: role \"drill_nobody\" does not exist", "globals restore log");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"psql", "sql"})
    void aShellCommandSlippedIntoTheGlobalsFileIsRefusedByItsLineAndNothingOfTheFileRuns(String how) throws Exception {
        Path witness = work.resolve(how + "-ran");
        String line = how.equals("psql") ? "\\! touch " + witness : "COPY (SELECT 1) TO PROGRAM 'touch " + witness + "';";

        DrillOutcome outcome = drill("shell-" + how).with(DumpDamage.PARAMETER, "globals:" + line).run();

        assertThatDrill(outcome).failedOnlyAt("Restore", how.equals("psql")
                        ? "is the psql command \\!, which pg_dumpall never writes and psql would run on this machine"
                        : "is a statement that begins COPY (SELECT 1), which pg_dumpall --globals-only never writes",
                "the file was not restored, and nothing of it ran", "Do not trust the backup").failedAs("backup failure", 1);
        assertThat(witness).as("the shell command's witness file").doesNotExist();
    }
}
