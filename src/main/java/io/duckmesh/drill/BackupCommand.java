package io.duckmesh.drill;

import io.duckmesh.drill.backup.BackupTaker;
import io.duckmesh.drill.backup.ManifestBuilder;
import io.duckmesh.drill.backup.SourceSnapshot;
import io.duckmesh.drill.evidence.ConsoleEvidence;
import io.duckmesh.drill.evidence.Evidence;
import io.duckmesh.drill.pipeline.DrillContext;
import io.duckmesh.drill.pipeline.FreshBackup;
import io.duckmesh.drill.pipeline.SourceChecks;
import io.duckmesh.drill.pipeline.Stage;
import io.duckmesh.drill.pipeline.StageScope;
import io.duckmesh.drill.postgres.PgEndpoint;
import io.duckmesh.drill.postgres.PgSessions;
import io.duckmesh.drill.postgres.PgTools.ToolVersion;
import io.duckmesh.drill.postgres.ServerIdentity;
import io.duckmesh.drill.result.DrillFailure;
import io.duckmesh.drill.settings.DrillProfile;
import io.duckmesh.drill.settings.DrillSettings;
import io.duckmesh.drill.settings.SettingKey;
import io.duckmesh.drill.settings.SettingsException;
import io.duckmesh.drill.settings.SettingsLoader;
import io.duckmesh.drill.target.HostPgClient;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code make backup}: takes a backup of drill.source.url that a later drill can verify
 * (drill.backup.file / drill.backup.dir): the dump in drill.dump.format, taken in an exported
 * snapshot, with its manifest beside it in drill.dump.dir. Exit code 0 on success, 2 when a setting,
 * the source or pg_dump is the problem.
 */
public final class BackupCommand {

    private final PrintStream out;

    public BackupCommand(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        Map<String, String> properties = new TreeMap<>();
        System.getProperties().stringPropertyNames().stream().filter(name -> name.startsWith("drill."))
                .forEach(name -> properties.put(name, System.getProperty(name)));
        System.exit(new BackupCommand(System.out).run(properties, System.getenv(), Path.of("").toAbsolutePath()));
    }

    /** Takes the backup; returns the exit code. */
    public int run(Map<String, String> properties, Map<String, String> environment, Path workingDir) {
        DrillSettings settings;
        try {
            settings = new SettingsLoader(properties, environment, workingDir).load();
        } catch (SettingsException invalid) {
            out.println("backup: settings are invalid; nothing was dumped." + System.lineSeparator() + invalid.getMessage());
            return 2;
        }
        if (settings.text(SettingKey.SOURCE_URL).isEmpty()) {
            out.println("backup: drill.source.url is empty. Set it (or DUCKMESH_RESTORE_DRILL_SOURCE_URL) to the catalog to back up,"
                    + " with the password in DUCKMESH_RESTORE_DRILL_SOURCE_PASSWORD or drill.source.password-file.");
            return 2;
        }
        if (!settings.cluster()) {
            return takeOne(settings, "backup");
        }
        java.util.List<String> databases;
        try {
            databases = new io.duckmesh.drill.target.DatabaseSelection(new PgSessions(settings.connectTimeout(), settings.statementTimeout()))
                    .resolve(settings.databases(), settings.sourceEndpoint());
        } catch (java.sql.SQLException | IllegalArgumentException unresolved) {
            out.println("backup: drill.databases=" + String.join(",", settings.databases()) + " could not be resolved on "
                    + settings.sourceEndpoint() + ": " + unresolved.getMessage() + "; nothing was dumped.");
            return 2;
        }
        // Every database is backed up even when one fails; the worst outcome decides: 1 over 2 over 0, as a drill's.
        java.util.Map<String, Integer> codes = new java.util.LinkedHashMap<>();
        for (String database : databases) {
            out.println("backup of database " + database + " (drill.databases):");
            codes.put(database, takeOne(settings.forDatabase(database), "backup of " + database));
        }
        codes.forEach((database, code) -> out.printf("backup: %-30s %s%n", database, code == 0 ? "written" : "FAILED (exit " + code + ")"));
        return codes.containsValue(1) ? 1 : codes.containsValue(2) ? 2 : 0;
    }

    private int takeOne(DrillSettings settings, String what) {
        try {
            take(settings);
            return 0;
        } catch (DrillFailure judged) {
            out.println(what + " failed (" + judged.category().label() + "): " + judged.getMessage());
            return judged.category().exitCode();
        } catch (Exception failed) {
            out.println(what + " failed: " + failed.getMessage());
            return 2;
        }
    }

    private void take(DrillSettings settings) throws Exception {
        PgEndpoint source = settings.sourceEndpoint();
        Evidence steps = new ConsoleEvidence(out);
        try (DrillContext drill = DrillContext.of(settings, steps)) {
            PgSessions sessions = drill.sessions();
            HostPgClient client = new HostPgClient(drill.tools(), drill.runner(), settings.dumpTimeout(), settings.restoreTimeout(),
                    settings.dumpOptions());
            ToolVersion pgDump = steps.step("pg_dump version (" + client.describe() + ")", client::pgDumpVersion);
            DrillProfile profile = DrillProfile.read(settings.profile().orElse(settings.fixturesDir().resolve("catalog/drill-profile.properties")));
            ServerIdentity identity = SourceChecks.run(drill, new StageScope(drill, Stage.PREFLIGHT), source, pgDump, profile.keyTables(),
                    checked -> { });
            String runId = "backup-" + drill.runId();
            Path file = FreshBackup.file(settings.dumpDir(), source, runId);
            Map<String, String> versions = Map.of("pgDumpVersion", pgDump.text(),
                    "sourceServerVersionNum", Integer.toString(identity.serverVersionNum()));
            ManifestBuilder builder = new ManifestBuilder(settings.schemas(), profile.migrationsTable(), settings.migrationFormat(),
                    settings.contentSegmentRows(), runId);
            try (SourceSnapshot snapshot = steps.step("export a snapshot of " + source, () -> SourceSnapshot.export(sessions, source))) {
                BackupTaker.Taken taken = FreshBackup.of(settings, steps, client, sessions, builder)
                        .take(source, file, settings.dumpFormat(), Optional.of(snapshot), versions);
                out.printf("backup: %s (%s format, %,d bytes in %d files, sha256 %s)%n", taken.dump().file(), taken.dump().format(),
                        taken.dump().sizeBytes(), taken.dump().files().size(), taken.dump().sha256());
                out.printf("manifest: %s (%d tables, snapshot %s)%n", taken.manifestFile(), taken.manifest().tables().size(),
                        taken.manifest().snapshotTime());
                settings.signingKey().ifPresent(key -> out.printf("signed: %s (Ed25519; verify with drill.backup.public-key)%n",
                        io.duckmesh.drill.backup.ManifestSignature.fileFor(taken.manifestFile())));
                java.util.Optional.ofNullable(taken.manifest().globals()).ifPresent(globals -> out.printf("globals: %s (%d objects, sha256 %s)%n",
                        io.duckmesh.drill.backup.Manifest.globalsFileFor(taken.dump().file()), globals.objects().size(), globals.file().sha256()));
                out.println(settings.oneOfSeveral() ? "verify them all: make drill ARGS=\"... -Ddrill.databases=... -Ddrill.backup.dir="
                        + settings.dumpDir() + "\" (each database restores its newest backup there)" : "verify it: make drill ARGS=\"-Ddrill.target=server -Ddrill.source.url="
                        + settings.text(SettingKey.SOURCE_URL) + " -Ddrill.backup.file=" + taken.dump().file()
                        + " -Ddrill.restore.url=<a database on the verification server>" + (settings.globals() ? " -Ddrill.globals=true" : "")
                        + "\"");
            }
        }
    }
}
