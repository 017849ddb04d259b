package io.duckmesh.drill.selftest;

import static io.duckmesh.drill.selftest.DrillOutcome.assertThatDrill;
import static org.assertj.core.api.Assertions.assertThat;

import io.duckmesh.drill.BackupCommand;
import io.duckmesh.drill.backup.Manifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup is as secret as the catalog: every dump, manifest and globals file is created with
 * drill.dump.mode (0600) and its folders 0700, whatever the umask, from the first byte; a backup whose
 * manifest anyone but its owner can write is refused; the report files that hold rows are their owner's only.
 */
@DrillServers
class FileModesTest {

    @TempDir
    Path work;

    private ServerPair servers;

    @Test
    void makeBackupUnderUmask0000WritesEveryFilePrivateAndItsFoldersClosed() throws Exception {
        Path folder = work.resolve("backups/nightly");

        String log = backupUnderUmask0000(Map.of("drill.dump.dir", folder.toString(), "drill.globals", "true"));

        assertThat(mode(work.resolve("backups"))).as("a folder make backup created").isEqualTo("rwx------");
        assertThat(mode(folder)).as("drill.dump.dir").isEqualTo("rwx------");
        List<Path> files = files(folder);
        assertThat(files).as("make backup: %s", log).hasSize(3)
                .anyMatch(f -> f.toString().endsWith(".dump")).anyMatch(f -> f.toString().endsWith(".dump.manifest.json"))
                .anyMatch(f -> f.toString().endsWith(".dump.globals.sql"));
        assertThat(files).allSatisfy(file -> assertThat(mode(file)).as("%s", file).isEqualTo("rw-------"));
    }

    @Test
    void aDirectoryDumpUnderAGroupModeGivesItsFilesThatModeAndItsFoldersX() throws Exception {
        Path folder = work.resolve("group");

        String log = backupUnderUmask0000(Map.of("drill.dump.dir", folder.toString(), "drill.dump.format", "directory",
                "drill.dump.mode", "0640"));

        assertThat(mode(folder)).as("make backup: %s", log).isEqualTo("rwxr-x---");
        Path dump = files(folder).stream().filter(f -> f.toString().endsWith(".dump")).findFirst().orElseThrow();
        assertThat(mode(dump)).as("the directory dump's folder").isEqualTo("rwxr-x---");
        assertThat(files(dump)).isNotEmpty().allSatisfy(file -> assertThat(mode(file)).as("%s", file).isEqualTo("rw-r-----"));
        assertThat(mode(Manifest.fileFor(dump))).isEqualTo("rw-r-----");
    }

    @Test
    void theDrillsOwnKeptDumpIsPrivateToo() throws Exception {
        DrillOutcome outcome = servers.drill(work.resolve("kept"), "duckmesh").with("drill.dump.retain", "always").run();

        assertThatDrill(outcome).passedEveryStage();
        assertThat(outcome.dumpsLeft()).hasSize(2).allSatisfy(file -> assertThat(mode(file)).as("%s", file).isEqualTo("rw-------"));
    }

    @Test
    void aBackupWhoseManifestOthersCanWriteIsRefusedNamingTheModeAndTheFix() throws Exception {
        Path folder = work.resolve("writable");
        backupUnderUmask0000(Map.of("drill.dump.dir", folder.toString()));
        Path dump = files(folder).stream().filter(f -> f.toString().endsWith(".dump")).findFirst().orElseThrow();
        Files.setPosixFilePermissions(Manifest.fileFor(dump), PosixFilePermissions.fromString("rw-rw-rw-"));

        DrillOutcome outcome = servers.drill(work.resolve("refused"), "duckmesh").with("drill.backup.file", dump.toString()).run();

        assertThatDrill(outcome).failedOnlyAt("Backup", "has mode 0666 (its group and everyone can write it)",
                "can make the drill verify a forged backup", "chmod go-w " + Manifest.fileFor(dump)).failedAs("backup failure", 1);
    }

    @Test
    void aDrillUnderUmask0000KeepsTheReportFilesThatHoldRowsItsOwnersOnly() throws Exception {
        String canary = "canary-modes-4k2";
        Path run = work.resolve("reports-run");
        Files.createDirectories(run.resolve("reports/allure-results"));
        Files.setPosixFilePermissions(run.resolve("reports/allure-results"), PosixFilePermissions.fromString("rwxrwxrwx"));
        JvmDrill drill = new JvmDrill(run).underUmask("0000").with("drill.evidence.values", "show")
                .with(SqlFaults.Point.RESTORED.parameter(), "UPDATE public.namespaces SET name = '" + canary + "' WHERE namespace_id = 1");

        Process child = drill.start();
        assertThat(child.waitFor(5, TimeUnit.MINUTES)).as("the drill finished; %s", drill.log()).isTrue();

        Path results = drill.allureResults();
        assertThat(mode(results)).as("Allure's results folder, world-writable before the drill").isEqualTo("rwx------");
        List<Path> written;
        try (Stream<Path> paths = Files.walk(results)) {
            written = paths.filter(Files::isRegularFile).toList();
        }
        assertThat(written).as("Allure's results; %s", drill.log()).anyMatch(file -> contains(file, canary))
                .allSatisfy(file -> assertThat(mode(file)).as("%s", file).isEqualTo("rw-------"));
        Path summary = run.resolve("reports/drill-summary.json");
        assertThat(Files.readString(summary)).as("the summary names the changed row").contains("public.namespaces namespace_id=1");
        assertThat(mode(summary)).isEqualTo("rw-------");
        assertThat(mode(run.resolve("reports/metrics/restore_drill.prom"))).as("the metrics hold no row and stay readable for"
                + " node_exporter").isEqualTo("rw-rw-rw-");
    }

    private static boolean contains(Path file, String text) {
        try {
            return new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1).contains(text);
        } catch (java.io.IOException unreadable) {
            throw new java.io.UncheckedIOException(unreadable);
        }
    }

    /** Runs make backup's main class in a new JVM started under umask 0000; returns its output. */
    private String backupUnderUmask0000(Map<String, String> settings) throws Exception {
        List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Ddrill.source.url=" + servers.sourceUrl("duckmesh"),
                "-Ddrill.source.user=postgres"));
        settings.forEach((key, value) -> java.add("-D" + key + "=" + value));
        java.add(BackupCommand.class.getName());
        List<String> command = new ArrayList<>(List.of("sh", "-c", "umask 0000 && exec \"$@\"", "sh"));
        command.addAll(java);
        Path log = Files.createTempFile(work, "backup-", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("make backup finished").isTrue();
        String output = Files.readString(log);
        assertThat(process.exitValue()).as("make backup: %s", output).isZero();
        return output;
    }

    private static List<Path> files(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.sorted().toList();
        }
    }

    private static String mode(Path path) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
        } catch (java.io.IOException unreadable) {
            throw new java.io.UncheckedIOException(unreadable);
        }
    }
}
