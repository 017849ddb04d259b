package io.duckmesh.drill.check;

import io.duckmesh.drill.result.EvidenceTable;
import io.duckmesh.drill.result.CheckResult;
import io.duckmesh.drill.result.Finding;
import io.duckmesh.drill.backup.DumpFile;
import io.duckmesh.drill.backup.Manifest;
import io.duckmesh.drill.postgres.ServerIdentity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An existing backup is the one its manifest describes, of the source being drilled: every file's
 * sha256 and size equal the manifest's (a changed, truncated or swapped file differs), no file is
 * missing or extra, and the manifest's system identifier and database are the source's.
 */
public final class BackupIntegrityCheck {

    /** A custom-format dump may have been renamed since (rotation does that): its one file is compared whatever its name. */
    public CheckResult files(Manifest manifest, List<DumpFile> onDisk) {
        Map<String, DumpFile> expected = new TreeMap<>();
        manifest.dump().files().forEach(f -> expected.put(f.name(), f));
        Map<String, DumpFile> actual = new TreeMap<>();
        boolean oneFile = manifest.dump().format().equals("custom") && expected.size() == 1 && onDisk.size() == 1;
        onDisk.forEach(f -> actual.put(oneFile ? expected.keySet().iterator().next() : f.name(), f));
        return compared("backup files", "dump files", "file", "file is missing from the dump", expected, actual,
                "this is not the dump the manifest was written for; do not trust it. Restore an older backup, find out what"
                        + " changed the file, and take a new backup (make backup).");
    }

    /** drill.globals: the globals file beside the dump is the one the manifest records (its sha256 and size). */
    public CheckResult globals(Manifest.Globals recorded, java.nio.file.Path file) {
        String name = file.getFileName().toString();
        Map<String, DumpFile> actual = java.nio.file.Files.isRegularFile(file) ? Map.of(name, DumpFile.of(file).get(0)) : Map.of();
        return compared("globals file", "globals file", "globals file", "globals file is missing beside the dump",
                Map.of(name, recorded.file()), actual, "this is not the globals file the manifest was written for; do not trust it."
                        + " Restore an older backup, find out what changed the file, and take a new backup (make backup"
                        + " ARGS=-Ddrill.globals=true).");
    }

    /**
     * Files recorded in a manifest against files on disk, by name: the same only when both have the same sha256 and size.
     * {@code what} names the file in a finding ("file", "globals file"); {@code missing} says what a file the manifest
     * records but the disk lacks means.
     */
    private static CheckResult compared(String check, String table, String what, String missing, Map<String, DumpFile> expected,
            Map<String, DumpFile> actual, String remedy) {
        TreeSet<String> names = new TreeSet<>(expected.keySet());
        names.addAll(actual.keySet());
        List<Finding> findings = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        for (String name : names) {
            DumpFile e = expected.get(name);
            DumpFile a = actual.get(name);
            String left = e == null ? "(not in the manifest)" : describe(e);
            String right = a == null ? "(no such file)" : describe(a);
            boolean same = e != null && a != null && e.sha256().equals(a.sha256()) && e.bytes() == a.bytes();
            String subject = a != null && !a.name().equals(name) ? a.name() + " (" + name + " in the manifest)" : name;
            rows.add(List.of(subject, left, right, same ? "same" : "DIFFERS"));
            if (!same) {
                findings.add(new Finding(Finding.Code.BACKUP_FILE_DIFFERS, subject, e == null ? what + " is not in the manifest"
                        : a == null ? missing : "sha256 differs: the " + what + " was changed, truncated or swapped after the backup",
                        left, right));
            }
        }
        return new CheckResult(check, names.size() + (names.size() == 1 ? " file" : " files"), findings, remedy, "manifest", "on disk ",
                new EvidenceTable(table, List.of("file", "manifest", "on disk", "result"), rows));
    }

    public CheckResult source(Manifest manifest, ServerIdentity source) {
        List<Finding> findings = new ArrayList<>();
        if (manifest.systemIdentifier() != source.systemIdentifier()) {
            findings.add(new Finding(Finding.Code.BACKUP_OF_ANOTHER_SERVER, "system identifier", "the backup was taken on another PostgreSQL server",
                    Long.toString(manifest.systemIdentifier()), Long.toString(source.systemIdentifier())));
        }
        if (!manifest.sourceDatabase().equals(source.database())) {
            findings.add(new Finding(Finding.Code.BACKUP_OF_ANOTHER_DATABASE, "database", "the backup was taken of another database",
                    manifest.sourceDatabase(), source.database()));
        }
        return new CheckResult("backup source", "system identifier and database", findings,
                "this backup is of another catalog. Point drill.source.url at the database it was taken from, or"
                        + " drill.backup.file / drill.backup.dir at this source's backups.", "manifest", "source  ",
                new EvidenceTable("backup source", List.of("property", "manifest", "source"), List.of(
                        List.of("system identifier", Long.toString(manifest.systemIdentifier()), Long.toString(source.systemIdentifier())),
                        List.of("database", manifest.sourceDatabase(), source.database()))));
    }

    private static String describe(DumpFile file) {
        return "sha256 " + file.sha256() + ", " + file.bytes() + " bytes";
    }
}
