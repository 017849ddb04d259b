package io.duckmesh.drill.selftest;

import static io.duckmesh.drill.selftest.DrillOutcome.assertThatDrill;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.duckmesh.drill.BackupCommand;
import io.duckmesh.drill.backup.Manifest;
import io.duckmesh.drill.backup.Sha256;
import io.duckmesh.drill.result.Finding.Code;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * drill.globals where the restore server is shared (drill.target=server): the globals are restored onto
 * a scratch embedded PostgreSQL and compared there, never on the verification server; make backup
 * writes them beside the dump, the drill checks the file's sha256, refuses a backup without them, and
 * a globals file that lost a membership (its digest rewritten to match) fails SchemaParity, named.
 */
@DrillServers
class ServerGlobalsTest {

    @TempDir
    Path work;

    private ServerPair servers;

    private Path withGlobals;
    private Path withoutGlobals;

    @BeforeAll
    void rolesAndBackups(@TempDir Path backups) throws Exception {
        servers.execute(servers.sourceAdmin(), """
                CREATE ROLE drill_owner NOLOGIN;
                CREATE ROLE drill_reader LOGIN CONNECTION LIMIT 3;
                GRANT drill_owner TO drill_reader;
                ALTER ROLE drill_reader SET work_mem = '16MB';
                COMMENT ON ROLE drill_owner IS 'owns the catalog'""");
        servers.execute(servers.sourceAdmin().withDatabase("duckmesh"), "ALTER TABLE public.data_files OWNER TO drill_owner");
        withGlobals = backup(backups.resolve("with"), true);
        withoutGlobals = backup(backups.resolve("without"), false);
    }

    @Test
    void aFreshBackupsGlobalsAreComparedOnAScratchServerAndNeverTouchTheVerificationServer() throws Exception {
        List<String> before = verificationRoles();

        DrillOutcome outcome = servers.drill(work.resolve("fresh"), "duckmesh").with("drill.globals", "true").run();

        assertThatDrill(outcome).passedEveryStage();
        assertThat(verificationRoles()).as("roles of the verification server after the drill").isEqualTo(before)
                .doesNotContain("drill_owner", "drill_reader");
    }

    @Test
    void makeBackupsGlobalsAreVerifiedByTheDrill() throws Exception {
        Path copy = copy(withGlobals, "nightly");
        assertThat(Files.readString(Manifest.globalsFileFor(copy))).contains("CREATE ROLE drill_reader;")
                .doesNotContain("SCRAM-SHA-256$");

        DrillOutcome outcome = servers.drill(work.resolve("made"), "duckmesh").with("drill.globals", "true")
                .with("drill.backup.file", copy.toString()).run();

        assertThatDrill(outcome).passedEveryStage();
    }

    @Test
    void aGlobalsFileThatLostAMembershipFailsSchemaParityEvenWithItsDigestRewritten() throws Exception {
        Path copy = copy(withGlobals, "forged");
        Path globals = Manifest.globalsFileFor(copy);
        List<String> kept = Files.readAllLines(globals).stream().filter(line -> !line.startsWith("GRANT drill_owner TO drill_reader")).toList();
        Files.write(globals, kept);
        rewriteDigest(copy);

        DrillOutcome outcome = servers.drill(work.resolve("forged"), "duckmesh").with("drill.globals", "true")
                .with("drill.backup.file", copy.toString()).run();

        assertThatDrill(outcome).failedOnlyAt("SchemaParity", "globals parity", "role membership drill_reader in drill_owner",
                        "missing from the restored globals")
                .withFinding("SchemaParity", Code.GLOBAL_MISSING, "role membership drill_reader in drill_owner");
    }

    @Test
    void aGlobalsStatementTheScratchServerRefusesFailsSchemaParityNamingItsLine() throws Exception {
        Path copy = copy(withGlobals, "refused");
        Path globals = Manifest.globalsFileFor(copy);
        Files.writeString(globals, "GRANT drill_nobody TO drill_reader;\n", java.nio.file.StandardOpenOption.APPEND);
        rewriteDigest(copy);

        DrillOutcome outcome = servers.drill(work.resolve("refused"), "duckmesh").with("drill.globals", "true")
                .with("drill.backup.file", copy.toString()).run();

        assertThatDrill(outcome).failedOnlyAt("SchemaParity", "did not restore onto a scratch embedded PostgreSQL",
                "GRANT drill_nobody TO drill_reader;: role \"drill_nobody\" does not exist");
    }

    @Test
    void aChangedGlobalsFileFailsBackupWithBothDigests() throws Exception {
        Path copy = copy(withGlobals, "changed");
        Files.writeString(Manifest.globalsFileFor(copy), "CREATE ROLE drill_intruder;\n", java.nio.file.StandardOpenOption.APPEND);

        DrillOutcome outcome = servers.drill(work.resolve("changed"), "duckmesh").with("drill.globals", "true")
                .with("drill.backup.file", copy.toString()).run();

        assertThatDrill(outcome).failedOnlyAt("Backup", "changed.dump.globals.sql", "sha256 differs: the globals file was changed")
                .withFinding("Backup", Code.BACKUP_FILE_DIFFERS, "changed.dump.globals.sql");
    }

    @Test
    void aBackupWithoutGlobalsIsRefusedUnderDrillGlobalsAndDrilledWithout() throws Exception {
        Path copy = copy(withoutGlobals, "bare");

        DrillOutcome refused = servers.drill(work.resolve("refused"), "duckmesh").with("drill.globals", "true")
                .with("drill.backup.file", copy.toString()).run();
        DrillOutcome without = servers.drill(work.resolve("without"), "duckmesh").with("drill.backup.file", copy.toString()).run();

        assertThatDrill(refused).failedOnlyAt("Backup", "drill.globals=true, but the backup", "records no globals file",
                "make backup ARGS=\"-Ddrill.globals=true\"").failedAs("backup failure", 1);
        assertThatDrill(without).passedEveryStage();
    }

    private Path backup(Path folder, boolean globals) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Map<String, String> settings = new TreeMap<>(Map.of("drill.source.url", servers.sourceUrl("duckmesh"), "drill.source.user",
                "postgres", "drill.dump.dir", folder.toString()));
        if (globals) {
            settings.put("drill.globals", "true");
        }
        int exit = new BackupCommand(new PrintStream(out, true, StandardCharsets.UTF_8)).run(settings, Map.of(), Path.of("").toAbsolutePath());
        assertThat(exit).as("make backup: %s", out).isZero();
        if (globals) {
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("globals: ", ".dump.globals.sql", "-Ddrill.globals=true");
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".dump")).findFirst().orElseThrow();
        }
    }

    /** Rewrites the manifest's digest of the globals file to match it, as a forger who can write the folder would. */
    static void rewriteDigest(Path dump) throws Exception {
        Path globals = Manifest.globalsFileFor(dump);
        ObjectNode manifest = (ObjectNode) new ObjectMapper().readTree(Manifest.fileFor(dump).toFile());
        ObjectNode file = (ObjectNode) manifest.path("globals").path("file");
        file.put("sha256", Sha256.ofFile(globals));
        file.put("bytes", Files.size(globals));
        new ObjectMapper().writeValue(Manifest.fileFor(dump).toFile(), manifest);
    }

    /** The dump with its manifest and globals file (where it has one) under a new name. */
    private Path copy(Path dump, String name) throws Exception {
        Path folder = Files.createDirectories(work.resolve("copies"));
        Path copy = folder.resolve(name + ".dump");
        Files.copy(dump, copy);
        Files.copy(Manifest.fileFor(dump), Manifest.fileFor(copy));
        if (Files.exists(Manifest.globalsFileFor(dump))) {
            Files.copy(Manifest.globalsFileFor(dump), Manifest.globalsFileFor(copy));
        }
        return copy;
    }

    private List<String> verificationRoles() throws Exception {
        List<String> roles = new ArrayList<>();
        try (Connection connection = servers.sessions().openReadOnly(servers.verificationAdmin());
             Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery("SELECT rolname FROM pg_roles ORDER BY 1")) {
            while (rs.next()) {
                roles.add(rs.getString(1));
            }
        }
        return roles;
    }
}
