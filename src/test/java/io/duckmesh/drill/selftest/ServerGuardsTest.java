package io.duckmesh.drill.selftest;

import static io.duckmesh.drill.selftest.DrillOutcome.assertThatDrill;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.duckmesh.drill.postgres.PgSessions;
import io.duckmesh.drill.target.ThrowawayDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The guards that make drill.target=server safe to point at a real catalog. */
@DrillServers
class ServerGuardsTest {

    private static final String CANARY = "canary-7f3a Pässwörd $;'\"";

    @TempDir
    Path work;

    private ServerPair servers;

    @Test
    void restoreOntoTheSourceServerThroughAnotherSpellingIsRefused() throws Exception {
        String sameServer = servers.sourceUrl("postgres").replace("//localhost:", "//127.0.0.1:");

        DrillOutcome outcome = servers.drill(work, "duckmesh").with("drill.restore.url", sameServer).run();

        assertThatDrill(outcome).failedOnlyAt("Preflight", "drill.restore.url reaches the source's own server",
                "drill.restore.same-server=true");
        assertThat(databasesOnSource()).doesNotContain("drill_");
    }

    @Test
    void restoreOntoTheSourceServerPassesWhenAllowedAndLeavesOnlyTheSource() throws Exception {
        String sameServer = servers.sourceUrl("postgres").replace("//localhost:", "//127.0.0.1:");

        DrillOutcome outcome = servers.drill(work, "duckmesh").with("drill.restore.url", sameServer)
                .with("drill.restore.same-server", "true").run();

        assertThatDrill(outcome).passedEveryStage();
        assertThat(databasesOnSource()).doesNotContain("drill_");
    }

    @Test
    void aSuperuserRestoreUserIsWarnedOfAndARoleWithOnlyCreatedbIsNot() throws Exception {
        servers.execute(servers.verificationAdmin(), "CREATE ROLE drill_restorer LOGIN CREATEDB");

        DrillOutcome superuser = servers.drill(work.resolve("superuser"), "duckmesh").run();
        DrillOutcome restorer = servers.drill(work.resolve("restorer"), "duckmesh").with("drill.restore.user", "drill_restorer").run();

        assertThatDrill(superuser).passedEveryStage();
        assertThatDrill(restorer).passedEveryStage();
        assertThat(superuser.summary().path("restoreUserSuperuser").asBoolean(false)).as("restoreUserSuperuser for postgres").isTrue();
        assertThat(restorer.summary().path("restoreUserSuperuser").asBoolean(true)).as("restoreUserSuperuser for drill_restorer").isFalse();
    }

    @Test
    void databaseWithoutThisRunsMarkerIsNeverDropped() throws Exception {
        servers.execute(servers.verificationAdmin(), "CREATE DATABASE precious");
        servers.execute(servers.verificationAdmin(), "CREATE DATABASE other_run; COMMENT ON DATABASE other_run IS '"
                + ThrowawayDatabases.marker("run-b", Instant.now()) + "'");
        try (Connection admin = servers.sessions().openWritable(servers.verificationAdmin())) {
            ThrowawayDatabases databases = new ThrowawayDatabases(admin);

            assertThatThrownBy(() -> databases.drop("precious", "run-a")).isInstanceOf(SQLException.class)
                    .hasMessageStartingWith("Refusing to drop database precious: it does not carry the marker of this drill run (run-a)");
            assertThatThrownBy(() -> databases.drop("other_run", "run-a")).isInstanceOf(SQLException.class)
                    .hasMessageStartingWith("Refusing to drop database other_run");
            assertThatThrownBy(() -> databases.drop("precious", null)).isInstanceOf(SQLException.class);
            assertThat(databases.exists("precious")).isTrue();
            assertThat(databases.exists("other_run")).isTrue();
        } finally {
            servers.execute(servers.verificationAdmin(), "DROP DATABASE precious; DROP DATABASE other_run");
        }
    }

    @Test
    void staleThrowawayDatabaseIsListedThenSweptWhenAsked() throws Exception {
        servers.execute(servers.verificationAdmin(), "CREATE DATABASE drill_duckmesh_old; COMMENT ON DATABASE drill_duckmesh_old IS '"
                + ThrowawayDatabases.marker("killed-run", Instant.now().minus(Duration.ofHours(30))) + "'");
        servers.execute(servers.verificationAdmin(), "CREATE DATABASE drill_duckmesh_running; COMMENT ON DATABASE"
                + " drill_duckmesh_running IS '" + ThrowawayDatabases.marker("running", Instant.now()) + "'");
        servers.execute(servers.verificationAdmin(), "CREATE DATABASE drill_lookalike");

        DrillOutcome listed = servers.drill(work.resolve("listed"), "duckmesh").run();
        DrillOutcome swept = servers.drill(work.resolve("swept"), "duckmesh").with("drill.sweep-stale", "true").run();

        assertThatDrill(listed).passedEveryStage();
        assertThat(listed.summary().path("staleDatabases").toString()).isEqualTo("[\"drill_duckmesh_old\"]");
        assertThatDrill(swept).passedEveryStage();
        assertThat(servers.verificationDatabases()).containsExactly("drill_duckmesh_running", "drill_lookalike");
        servers.execute(servers.verificationAdmin(), "DROP DATABASE drill_duckmesh_running; DROP DATABASE drill_lookalike");
    }

    @Test
    void readOnlySourceRoleIsEnough() throws Exception {
        servers.execute(servers.sourceAdmin(), "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'drill_reader')"
                + " THEN CREATE ROLE drill_reader LOGIN; END IF; END $$; GRANT pg_read_all_data TO drill_reader");

        DrillOutcome outcome = servers.drill(work, "duckmesh").with("drill.source.user", "drill_reader").run();

        assertThatDrill(outcome).passedEveryStage();
    }

    @Test
    void passwordFromAFileNeverReachesReportsOrDumps() throws Exception {
        Path passwordFile = Files.writeString(work.resolve("source.password"), CANARY + "\n");
        Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));

        DrillOutcome outcome = servers.drill(work, "duckmesh")
                .with("drill.source.password-file", passwordFile.toString())
                .with("drill.dump.retain", "always").run();

        assertThatDrill(outcome).passedEveryStage().keptTheDump();
        try (Stream<Path> files = Files.walk(work)) {
            assertThat(files.filter(Files::isRegularFile).filter(f -> !f.equals(passwordFile)))
                    .isNotEmpty()
                    .allSatisfy(f -> assertThat(new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1))
                            .as("content of %s", f).doesNotContain("canary-7f3a"));
        }
    }

    @Test
    void passwordFileOthersCanReadIsRefused() throws Exception {
        Path passwordFile = Files.writeString(work.resolve("open.password"), CANARY + "\n");
        Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-r--r--"));

        DrillOutcome outcome = servers.drill(work, "duckmesh").with("drill.source.password-file", passwordFile.toString()).run();

        assertThatDrill(outcome).failedOnlyAt("Preflight", "Setting drill.source.password-file names " + passwordFile
                + ", which other users can read or write; run chmod 600 " + passwordFile);
    }

    private String databasesOnSource() throws Exception {
        StringBuilder names = new StringBuilder();
        try (Connection connection = servers.sessions().openReadOnly(servers.sourceAdmin());
             java.sql.Statement statement = connection.createStatement();
             java.sql.ResultSet rs = statement.executeQuery("SELECT string_agg(datname, ',' ORDER BY datname) FROM pg_database")) {
            rs.next();
            names.append(rs.getString(1));
        }
        return names.toString();
    }
}
