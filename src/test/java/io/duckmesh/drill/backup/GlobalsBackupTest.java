package io.duckmesh.drill.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.duckmesh.drill.inspect.SchemaObject;
import io.duckmesh.drill.postgres.CommandRunner;
import io.duckmesh.drill.postgres.PgClient;
import io.duckmesh.drill.postgres.PgTools;
import io.duckmesh.drill.postgres.ScratchServer;
import io.duckmesh.drill.result.DrillFailure;
import io.duckmesh.drill.result.FailureCategory;
import io.duckmesh.drill.result.Steps;
import io.duckmesh.drill.target.HostPgClient;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The globals beside a dump: what the manifest records of them, password hashes only when asked, and
 * a role changed on the source while pg_dumpall runs fails the backup naming it (globals live outside
 * every snapshot, so the file and the manifest could otherwise disagree).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GlobalsBackupTest {

    private static final Steps RUN = new Steps() {
        @Override
        public <T> T step(String name, java.util.concurrent.Callable<T> work) {
            try {
                return work.call();
            } catch (RuntimeException failed) {
                throw failed;
            } catch (Exception failed) {
                throw new IllegalStateException(name + ": " + failed.getMessage(), failed);
            }
        }
    };

    private final ScratchServer source = ScratchServer.start("globals source", """
            CREATE ROLE drill_owner NOLOGIN;
            CREATE ROLE drill_reader LOGIN PASSWORD 'canary-password-7731' CONNECTION LIMIT 7;
            GRANT drill_owner TO drill_reader WITH ADMIN OPTION;
            ALTER ROLE drill_reader SET statement_timeout = '5s';
            COMMENT ON ROLE drill_owner IS 'owns it'""");
    private final CommandRunner runner = new CommandRunner();
    private final HostPgClient client = new HostPgClient(new PgTools(Optional.empty(), System.getenv("PATH"), runner), runner,
            Duration.ofMinutes(2), Duration.ofMinutes(2), new DumpOptions("custom", 1, 1));

    @TempDir
    Path work;

    @AfterAll
    void stop() throws Exception {
        source.close();
    }

    @Test
    void theManifestRecordsTheFileAndTheGlobalsAndTheFileHoldsNoPasswordHash() throws Exception {
        Manifest.Globals globals = new GlobalsBackup(client, source.sessions(), false, RUN).take(source.endpoint("postgres"),
                work.resolve("plain.dump"));

        Path file = work.resolve("plain.dump.globals.sql");
        assertThat(globals.file().sha256()).isEqualTo(Sha256.ofFile(file));
        assertThat(globals.passwords()).isFalse();
        assertThat(Files.readString(file)).contains("CREATE ROLE drill_reader;", "ALTER ROLE drill_reader SET statement_timeout TO '5s';")
                .doesNotContain("SCRAM-SHA-256$");
        assertThat(globals.objects()).contains(
                new SchemaObject("role", "drill_reader", "NOSUPERUSER INHERIT NOCREATEROLE NOCREATEDB LOGIN NOREPLICATION NOBYPASSRLS"
                        + " CONNECTION LIMIT 7"),
                new SchemaObject("role", "drill_owner", "NOSUPERUSER INHERIT NOCREATEROLE NOCREATEDB NOLOGIN NOREPLICATION NOBYPASSRLS"
                        + " CONNECTION LIMIT -1 COMMENT 'owns it'"),
                new SchemaObject("role membership", "drill_reader in drill_owner", "WITH ADMIN OPTION"),
                new SchemaObject("role setting", "drill_reader statement_timeout", "5s"));
    }

    @Test
    void passwordHashesAreKeptOnlyUnderDrillGlobalsPasswords() throws Exception {
        Manifest.Globals globals = new GlobalsBackup(client, source.sessions(), true, RUN).take(source.endpoint("postgres"),
                work.resolve("hashes.dump"));

        assertThat(globals.passwords()).isTrue();
        assertThat(Files.readString(work.resolve("hashes.dump.globals.sql"))).contains("PASSWORD 'SCRAM-SHA-256$");
        assertThat(globals.objects().toString()).doesNotContain("SCRAM");
    }

    @Test
    void aRoleChangedWhilePgDumpallRanFailsTheBackupNamingItAndLeavesNoFile() throws Exception {
        PgClient changing = (PgClient) Proxy.newProxyInstance(PgClient.class.getClassLoader(), new Class<?>[] {PgClient.class},
                (proxy, method, arguments) -> {
                    if (method.getName().equals("dumpGlobals")) {
                        try (Statement statement = source.connection().createStatement()) {
                            statement.execute("CREATE ROLE drill_newcomer; ALTER ROLE drill_reader CONNECTION LIMIT 2");
                        }
                    }
                    try {
                        return method.invoke(client, arguments);
                    } catch (InvocationTargetException failed) {
                        throw failed.getCause();
                    }
                });
        try {
            assertThatThrownBy(() -> new GlobalsBackup(changing, source.sessions(), false, RUN).take(source.endpoint("postgres"),
                    work.resolve("changing.dump")))
                    .isInstanceOfSatisfying(DrillFailure.class, failure -> assertThat(failure.category()).isEqualTo(FailureCategory.BACKUP_FAILURE))
                    .hasMessageContaining("The source's globals changed while pg_dumpall --globals-only ran (role drill_newcomer; role drill_reader)")
                    .hasMessageContaining("Run the drill (or make backup) again");
            assertThat(work.resolve("changing.dump.globals.sql")).doesNotExist();
        } finally {
            try (Statement statement = source.connection().createStatement()) {
                statement.execute("DROP ROLE drill_newcomer; ALTER ROLE drill_reader CONNECTION LIMIT 7");
            }
        }
    }
}
