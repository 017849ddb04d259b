package io.duckmesh.drill.selftest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.duckmesh.drill.BackupCommand;
import io.duckmesh.drill.backup.Manifest;
import io.duckmesh.drill.inspect.CatalogInventory;
import io.duckmesh.drill.inspect.RowHash;
import io.duckmesh.drill.inspect.TableDigest;
import io.duckmesh.drill.inspect.TableDigester;
import io.duckmesh.drill.inspect.TableInfo;
import io.duckmesh.drill.inspect.TableRef;
import io.duckmesh.drill.postgres.PgSessions;
import io.duckmesh.drill.result.Finding;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.duckmesh.drill.selftest.DrillOutcome.assertThatDrill;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The drill restores backups it did not take: make backup's dumps (custom and directory format),
 * found by file or as the newest in a folder, checked against their manifest and source; damaged,
 * foreign, manifest-less and stale backups; the recovery time objective; keep-last pruning.
 */
@DrillServers
class ExistingBackupTest {

    @TempDir
    Path work;

    private ServerPair servers;

    private Path custom;
    private Path directory;

    @BeforeAll
    void takeBackups(@TempDir Path backups) throws Exception {
        custom = backup(backups.resolve("custom"), "custom", "1");
        directory = backup(backups.resolve("directory"), "directory", "2");
    }

    @Test
    void aCustomFormatBackupRestoresAndMatchesItsManifestAndIsLeftInPlace() throws Exception {
        Path copy = copyOf(custom, "nightly");

        DrillOutcome outcome = servers.drill(work.resolve("custom"), "duckmesh").with("drill.backup.file", copy.toString()).run();

        assertThatDrill(outcome).passedEveryStage();
        assertThat(outcome.summary().path("dump").path("file").asText()).isEqualTo(copy.toString());
        assertThat(outcome.summary().path("backupAgeSeconds").asDouble()).isPositive().isLessThan(600);
        assertThat(outcome.summary().path("newestDataAt").asText()).isNotEmpty();
        assertThat(copy).as("an existing backup is never deleted").exists();
        assertThat(Manifest.fileFor(copy)).exists();
    }

    @Test
    void theNewestDumpInTheBackupFolderIsRestoredAndADirectoryDumpRestoresInParallel() throws Exception {
        Path folder = Files.createDirectories(work.resolve("nightly"));
        Path older = copyInto(custom, folder, "duckmesh-1.dump");
        Path newer = copyInto(directory, folder, "duckmesh-2.dump");
        Files.setLastModifiedTime(older, FileTime.from(Instant.now().minus(Duration.ofDays(1))));
        Files.writeString(folder.resolve("notes.txt"), "not a dump");

        DrillOutcome outcome = servers.drill(work.resolve("newest"), "duckmesh").with("drill.backup.dir", folder.toString())
                .with("drill.backup.pattern", "duckmesh-*.dump").with("drill.restore.jobs", "3").run();

        assertThatDrill(outcome).passedEveryStage();
        assertThat(outcome.summary().path("dump").path("file").asText()).isEqualTo(newer.toString());
        assertThat(allureText()).contains("--jobs=3");
    }

    @Test
    void aNewestDumpWhoseTimeCannotBeReadFailsBackupInsteadOfLosingToAnOlderOne() throws Exception {
        Path folder = Files.createDirectories(work.resolve("damaged"));
        Path older = copyInto(custom, folder, "duckmesh-1.dump");
        Files.setLastModifiedTime(older, FileTime.from(Instant.now().minus(Duration.ofDays(1))));
        Path noToc = Files.createDirectories(folder.resolve("duckmesh-2.dump"));
        Files.writeString(noToc.resolve("3456.dat.gz"), "half a directory dump");

        assertThatDrill(servers.drill(work.resolve("no-toc"), "duckmesh").with("drill.backup.dir", folder.toString())
                .with("drill.backup.pattern", "duckmesh-*.dump").run())
                .failedOnlyAt("Backup", "drill.backup.dir: cannot tell when " + noToc + " was written",
                        "may be the newest backup, so the drill does not pick an older one in its place");

        Files.delete(noToc.resolve("3456.dat.gz"));
        Files.delete(noToc);
        Path dangling = Files.createSymbolicLink(folder.resolve("duckmesh-3.dump"), folder.resolve("gone.dump"));
        assertThatDrill(servers.drill(work.resolve("dangling"), "duckmesh").with("drill.backup.dir", folder.toString())
                .with("drill.backup.pattern", "duckmesh-*.dump").run())
                .failedOnlyAt("Backup", "drill.backup.dir: cannot tell when " + dangling + " was written", "NoSuchFileException");
    }

    /**
     * A backup taken before format 4 (row-text checksums, no rowHash) still verifies: the restored copy is
     * checksummed the way its manifest was. Were it checksummed the typed way, every table would differ.
     */
    @Test
    void aFormatThreeManifestIsStillVerifiedWithItsRowTextChecksums() throws Exception {
        Path copy = copyOf(custom, "format3");
        Path manifestFile = Manifest.fileFor(copy);
        Manifest manifest = Manifest.read(manifestFile);
        List<TableDigest> rowText = new ArrayList<>();
        try (Connection source = new PgSessions(Duration.ofSeconds(10), Duration.ofSeconds(60))
                .openReadOnly(servers.sourceAdmin().withDatabase("duckmesh"))) {
            Map<TableRef, TableInfo> tables = new CatalogInventory(List.of()).tables(source).stream()
                    .collect(Collectors.toMap(TableInfo::table, t -> t));
            for (TableDigest digest : manifest.tables()) {
                TableDigest old = new TableDigest(digest.schema(), digest.name(), digest.rows(), digest.populated(), digest.checksum(),
                        digest.plan(), digest.segments(), RowHash.ROW_TEXT);
                rowText.add(new TableDigester().digestLike(source, tables.get(digest.table()), old));
            }
        }
        ObjectNode json = (ObjectNode) new ObjectMapper().readTree(manifestFile.toFile());
        json.put("formatVersion", 3);
        ArrayNode tablesJson = new ObjectMapper().valueToTree(rowText);
        tablesJson.forEach(table -> ((ObjectNode) table).remove("rowHash"));
        json.set("tables", tablesJson);
        new ObjectMapper().writeValue(manifestFile.toFile(), json);
        assertThat(Manifest.read(manifestFile).tables()).allSatisfy(t -> assertThat(t.rowHash()).isEqualTo(RowHash.ROW_TEXT));
        assertThat(rowText).extracting(TableDigest::checksum).doesNotContainAnyElementsOf(
                manifest.tables().stream().filter(t -> t.rows() > 0).map(TableDigest::checksum).toList());

        DrillOutcome outcome = servers.drill(work.resolve("format3"), "duckmesh").with("drill.backup.file", copy.toString()).run();

        assertThatDrill(outcome).passedEveryStage();
    }

    @Test
    void aChangedByteFailsBackupWithTheFileAndBothDigests() throws Exception {
        Path copy = copyOf(custom, "changed");
        String before = manifestSha(copy);
        try (RandomAccessFile file = new RandomAccessFile(copy.toFile(), "rw")) {
            file.seek(file.length() / 2);
            int b = file.read();
            file.seek(file.length() / 2);
            file.write(b ^ 0xFF);
        }

        DrillOutcome outcome = servers.drill(work.resolve("changed"), "duckmesh").with("drill.backup.file", copy.toString()).run();

        assertThatDrill(outcome).failedOnlyAt("Backup", "backup files: 1 finding", "changed.dump (" + Manifest.read(Manifest.fileFor(copy)).dump().name() + " in the manifest): sha256 differs",
                "-> manifest: sha256 " + before, "-> on disk : sha256 ")
                .withFinding("Backup", Finding.Code.BACKUP_FILE_DIFFERS, "changed.dump ("
                        + Manifest.read(Manifest.fileFor(copy)).dump().name() + " in the manifest)");
        assertThat(copy).exists();
    }

    @Test
    void aTruncatedFileOfADirectoryDumpAndAMissingOneFailBackup() throws Exception {
        Path copy = copyOf(directory, "truncated");
        try (Stream<Path> files = Files.list(copy)) {
            List<Path> data = files.filter(f -> f.getFileName().toString().endsWith(".dat.gz")).sorted().toList();
            try (RandomAccessFile file = new RandomAccessFile(data.get(0).toFile(), "rw")) {
                file.setLength(file.length() / 2);
            }
            Files.delete(data.get(1));

            DrillOutcome outcome = servers.drill(work.resolve("truncated"), "duckmesh").with("drill.backup.file", copy.toString()).run();

            assertThatDrill(outcome).failedOnlyAt("Backup", "backup files: 2 findings",
                    data.get(0).getFileName() + ": sha256 differs", data.get(1).getFileName() + ": file is missing from the dump")
                    .withFinding("Backup", Finding.Code.BACKUP_FILE_DIFFERS, data.get(0).getFileName().toString())
                    .withFinding("Backup", Finding.Code.BACKUP_FILE_DIFFERS, data.get(1).getFileName().toString());
        }
    }

    @Test
    void aBackupOfAnotherDatabaseFailsBackup() throws Exception {
        servers.execute(servers.sourceAdmin(), "CREATE DATABASE duckmesh_other TEMPLATE duckmesh");
        try {
            DrillOutcome outcome = servers.drill(work.resolve("other"), "duckmesh_other").with("drill.backup.file", custom.toString()).run();

            assertThatDrill(outcome).failedOnlyAt("Backup", "database: the backup was taken of another database",
                    "-> manifest: duckmesh", "-> source  : duckmesh_other")
                    .withFinding("Backup", Finding.Code.BACKUP_OF_ANOTHER_DATABASE, "database");
        } finally {
            servers.execute(servers.sourceAdmin(), "DROP DATABASE duckmesh_other");
        }
    }

    @Test
    void withoutAManifestCountsAndContentAreSkippedUnlessTheLiveSourceIsAskedFor() throws Exception {
        Path copy = copyOf(custom, "bare");
        Files.delete(Manifest.fileFor(copy));

        DrillOutcome bare = servers.drill(work.resolve("bare"), "duckmesh").with("drill.backup.file", copy.toString()).run();
        DrillOutcome live = servers.drill(work.resolve("live"), "duckmesh").with("drill.backup.file", copy.toString())
                .with("drill.parity.live-source", "true").run();

        assertThat(bare.stages()).allSatisfy(stage -> {
            if (stage.name().equals("IntegrityRun")) {
                assertThat(stage.message()).startsWith("integrity run not configured");
            } else if (stage.name().equals("RowCountParity") || stage.name().equals("ContentParity")) {
                assertThat(stage.status()).isEqualTo("skipped");
                assertThat(stage.message()).contains("not compared: no manifest beside the backup " + copy,
                        "set drill.parity.live-source=true");
            } else {
                assertThat(stage.status()).as("%s: %s", stage.name(), stage.message()).isEqualTo("passed");
            }
        });
        assertThatDrill(live).passedEveryStage();
    }

    @Test
    void aBackupOlderThanTheRecoveryPointObjectiveFailsBackupWithBothFigures() throws Exception {
        Path copy = copyOf(custom, "stale");
        ObjectMapper json = new ObjectMapper();
        ObjectNode manifest = (ObjectNode) json.readTree(Manifest.fileFor(copy).toFile());
        manifest.put("snapshotTime", Instant.now().minus(Duration.ofDays(3)).toString());
        json.writeValue(Manifest.fileFor(copy).toFile(), manifest);

        DrillOutcome outcome = servers.drill(work.resolve("stale"), "duckmesh").with("drill.backup.file", copy.toString())
                .with("drill.rpo.max-age", "P1D").run();

        assertThatDrill(outcome).failedOnlyAt("Backup", "backup age: the backup is older than the recovery point objective",
                "-> allowed : PT24H (drill.rpo.max-age)", "-> actual  : 3 d ")
                .withFinding("Backup", Finding.Code.BACKUP_TOO_OLD, "backup age");
    }

    @Test
    void aRestoreSlowerThanTheRecoveryTimeObjectiveFailsRestoreWithBothFigures() throws Exception {
        DrillOutcome outcome = servers.drill(work.resolve("slow"), "duckmesh").with("drill.backup.file", custom.toString())
                .with("drill.rto.max", "PT0.001S").run();

        assertThatDrill(outcome).failedOnlyAt("Restore", "restore time: the restore took longer than the recovery time objective",
                "-> allowed : PT0.001S (drill.rto.max)", "-> actual  : ")
                .withFinding("Restore", Finding.Code.RESTORE_TOO_SLOW, "restore time");
        assertThat(servers.verificationDatabases()).as("the throwaway database is dropped").isEmpty();
    }

    @Test
    void aFileThatIsNoDumpFailsBackupBeforePgRestoreSeesIt() throws Exception {
        Path empty = Files.createFile(work.resolve("empty.dump"));
        Path random = Files.write(work.resolve("random.dump"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});

        assertThatDrill(servers.drill(work.resolve("a"), "duckmesh").with("drill.backup.file", empty.toString()).run())
                .failedOnlyAt("Backup", "drill.backup.file: " + empty + " is empty, so it is not a pg_dump custom-format archive");
        assertThatDrill(servers.drill(work.resolve("b"), "duckmesh").with("drill.backup.file", random.toString()).run())
                .failedOnlyAt("Backup", "does not start with PGDMP");
    }

    @Test
    void keepLastPrunesOnlyTheOldestDumpsTheDrillWrote() throws Exception {
        Path keep = work.resolve("keep");
        Path dumps = Files.createDirectories(keep.resolve("dumps"));
        Path foreign = Files.writeString(dumps.resolve("hand-made.dump"), "not the drill's");
        copyInto(custom, dumps, "from-make-backup.dump");
        Files.writeString(dumps.resolve("unrelated.dump.manifest.json"), "{\"writtenBy\": \"someone else\"}");
        Files.writeString(dumps.resolve("unrelated.dump"), "x");

        for (int run = 0; run < 2; run++) {
            assertThatDrill(servers.drill(keep, "duckmesh").with("drill.dump.retain", "always").with("drill.dump.keep-last", "2").run())
                    .passedEveryStage();
        }

        try (Stream<Path> files = Files.list(dumps)) {
            assertThat(files.map(f -> f.getFileName().toString()).sorted().toList())
                    .as("the two newest drill dumps and the files the drill did not write")
                    .hasSize(7).contains("hand-made.dump", "unrelated.dump", "unrelated.dump.manifest.json")
                    .doesNotContain("from-make-backup.dump", "from-make-backup.dump.manifest.json");
        }
        assertThat(foreign).exists();
    }

    @Test
    void makeBackupRefusesWithoutASourceAndNamesTheSetting() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = new BackupCommand(new PrintStream(out, true, StandardCharsets.UTF_8)).run(Map.of(), Map.of(), work);

        assertThat(exit).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("backup: drill.source.url is empty.");
    }

    private Path backup(Path folder, String format, String jobs) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = new BackupCommand(new PrintStream(out, true, StandardCharsets.UTF_8)).run(Map.of(
                "drill.source.url", servers.sourceUrl("duckmesh"), "drill.source.user", "postgres",
                "drill.dump.dir", folder.toString(), "drill.dump.format", format, "drill.dump.jobs", jobs), Map.of(),
                Path.of("").toAbsolutePath());
        assertThat(exit).as("make backup: %s", out).isZero();
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".dump")).findFirst().orElseThrow();
        }
    }

    private Path copyOf(Path dump, String name) throws Exception {
        return copyInto(dump, Files.createDirectories(work.resolve("copies")), name + ".dump");
    }

    private static Path copyInto(Path dump, Path folder, String name) throws Exception {
        Path target = folder.resolve(name);
        if (Files.isDirectory(dump)) {
            Files.createDirectories(target);
            try (Stream<Path> files = Files.list(dump)) {
                for (Path file : files.toList()) {
                    Files.copy(file, target.resolve(file.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } else {
            Files.copy(dump, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
        Files.copy(Manifest.fileFor(dump), Manifest.fileFor(target));
        return target;
    }

    private static String manifestSha(Path dump) {
        return Manifest.read(Manifest.fileFor(dump)).dump().files().get(0).sha256();
    }

    private static String allureText() throws Exception {
        StringBuilder text = new StringBuilder();
        try (Stream<Path> files = Files.walk(Path.of(System.getProperty("allure.results.directory", "target/allure-results")))) {
            for (Path file : files.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(".txt")).toList()) {
                text.append(Files.readString(file));
            }
        }
        return text.toString();
    }
}
