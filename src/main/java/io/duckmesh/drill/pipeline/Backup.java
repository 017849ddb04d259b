package io.duckmesh.drill.pipeline;

import io.duckmesh.drill.backup.BackupLocator;
import io.duckmesh.drill.backup.BackupTaker;
import io.duckmesh.drill.backup.DumpArtifact;
import io.duckmesh.drill.backup.DumpFile;
import io.duckmesh.drill.backup.DumpSequences;
import io.duckmesh.drill.backup.FileMode;
import io.duckmesh.drill.backup.Manifest;
import io.duckmesh.drill.backup.ManifestSignature;
import io.duckmesh.drill.backup.ManifestBuilder;
import io.duckmesh.drill.backup.SourceSide;
import io.duckmesh.drill.backup.SourceSnapshot;
import io.duckmesh.drill.check.BackupIntegrityCheck;
import io.duckmesh.drill.result.CheckResult;
import io.duckmesh.drill.result.EvidenceTable;
import io.duckmesh.drill.check.RecoveryObjectivesCheck;
import io.duckmesh.drill.result.DrillFailure;
import io.duckmesh.drill.result.FailureCategory;
import io.duckmesh.drill.postgres.PgEndpoint;
import io.duckmesh.drill.settings.DrillSettings;
import io.duckmesh.drill.postgres.ServerIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * 10 Backup: takes the dump of the source in an exported snapshot with its manifest, or locates an existing backup and
 * checks its files and manifest; the recovery point objective.
 */
public final class Backup implements StageStep {

    @Override
    public void run(DrillContext drill, StageScope stage) throws Exception {
        if (drill.dryRun()) {
            plan(drill, stage);
            return;
        }
        List<CheckResult> results = new ArrayList<>();
        Instant takenAt = drill.settings().restoresExistingBackup() ? existing(drill, results) : fresh(drill);
        DumpArtifact dump = drill.dump();
        drill.evidence().table(new EvidenceTable("dump metadata", List.of("property", "value"), List.of(
                List.of("file", dump.file().toString()),
                List.of("format", dump.format()),
                List.of("written by", dump.ownedByDrill() ? "this drill" : "an existing backup (never deleted by the drill)"),
                List.of("size bytes", Long.toString(dump.sizeBytes())),
                List.of("sha256", dump.sha256()),
                List.of("pg_dump duration", dump.duration().toMillis() + " ms"),
                List.of("pg_dump version", dump.pgDumpVersion()),
                List.of("source server version", dump.serverVersion()),
                List.of("archive entries", Integer.toString(dump.archiveEntries())))));
        drill.evidence().table(new EvidenceTable("dump files", List.of("file", "bytes", "sha256"),
                dump.files().stream().map(f -> List.of(f.name(), Long.toString(f.bytes()), f.sha256())).toList()));
        drill.evidence().text("archive table of contents", String.join(System.lineSeparator(), dump.toc()));
        drill.evidence().console(String.format("dump %s: %,d bytes, sha256 %s, %d archive entries", dump.file(), dump.sizeBytes(),
                dump.sha256(), dump.archiveEntries()));

        String basis = drill.sourceSide().kind() == SourceSide.Kind.LIVE && !dump.ownedByDrill()
                ? "the dump file's modification time (no manifest)" : "the manifest's snapshotTime";
        CheckResult rpo = new RecoveryObjectivesCheck().rpo(takenAt, basis, drill.startedAt(), drill.settings().rpoMaxAge());
        drill.record(Figure.BACKUP_AGE_SECONDS, Math.max(0, Duration.between(takenAt, drill.startedAt()).toMillis()) / 1000.0);
        drill.record(Figure.BACKUP_TAKEN_AT, takenAt.toString());
        results.add(rpo);
        if (drill.settings().releaseSnapshotAfterBackup()) {
            drill.releaseSnapshot("drill.source.snapshot-hold=until-backup");
        }
        stage.verify(results);
    }

    /** Takes a dump of the source in an exported snapshot, with its manifest; returns the snapshot time. */
    private static Instant fresh(DrillContext drill) {
        DrillSettings settings = drill.settings();
        PgEndpoint source = drill.source().endpoint();
        Path file = FreshBackup.file(settings.dumpDir(), source, drill.runId());
        boolean live = settings.liveSourceParity();
        Optional<SourceSnapshot> snapshot = live ? Optional.empty() : Optional.of(drill.evidence().step(
                "export a snapshot of " + source, () -> drill.own(SourceSnapshot.export(drill.sessions(), source))));
        snapshot.ifPresent(exported -> drill.snapshotExported());
        BackupTaker.Taken taken = FreshBackup.of(settings, drill.evidence(), drill.client(), drill.sessions(), builder(drill))
                .take(source, file, settings.dumpFormat(), snapshot, versions(drill));
        drill.backedUp(new BackedUp(taken.dump(), new SourceSide(taken.manifest(),
                snapshot.isPresent() ? SourceSide.Kind.SNAPSHOT : SourceSide.Kind.LIVE, snapshot, live, file.toString())));
        drill.evidence().text("manifest", read(taken.manifestFile()));
        drill.evidence().text("pg_dump log", taken.log().display() + System.lineSeparator() + taken.log().output());
        taken.manifestLocks().ifPresent(locks -> drill.record(Figure.MANIFEST_LOCK_SECONDS, locks.toMillis() / 1000.0));
        return Instant.parse(taken.manifest().snapshotTime());
    }

    /**
     * Locates the existing backup, checks its files against its manifest and the manifest against the
     * source (adding both results), or, without a manifest, takes the source side from the live
     * source. Returns when the backup was taken.
     */
    private static Instant existing(DrillContext drill, List<CheckResult> results) throws Exception {
        DrillSettings settings = drill.settings();
        BackupLocator locator = new BackupLocator();
        BackupLocator.Located located = unusable(() -> drill.evidence().step("locate the backup", () -> settings.backupFile()
                .map(locator::file).orElseGet(() -> locator.newest(settings.backupDir().orElseThrow(), settings.backupPattern()))));
        Path dump = located.dump();
        drill.evidence().console("restoring the existing backup " + dump + " (" + located.format() + " format"
                + located.manifest().map(m -> ", manifest " + m.getFileName()).orElse(", no manifest") + ")");
        List<DumpFile> files = drill.evidence().step("sha256 of every file of " + dump.getFileName(), () -> DumpFile.of(dump));
        PgEndpoint source = drill.source().endpoint();
        ServerIdentity identity = drill.evidence().step("identify the source " + source, () -> {
            try (Connection connection = drill.sessions().openReadOnly(source)) {
                return ServerIdentity.of(connection);
            }
        });
        located.manifest().ifPresent(file -> FileMode.writableByOthers(file).ifPresent(writable -> {
            throw DrillFailure.of(FailureCategory.BACKUP_FAILURE, "The manifest " + file + " has " + writable + ": whoever can write it"
                    + " can make the drill verify a forged backup (the dump's digests rewritten beside it). Check that nobody changed it,"
                    + " make it writable by its owner only (chmod go-w " + file + "; make backup writes it " + settings.dumpOptions().mode()
                    .octal() + ", drill.dump.mode), and run again.");
        }));
        // Read once: the signature is verified over these bytes, and these same bytes are parsed and attached.
        Optional<byte[]> manifestBytes = unusable(() -> located.manifest().map(Manifest::bytesOf));
        if (!settings.publicKeys().isEmpty()) {
            Path signed = located.manifest().orElseThrow(() -> DrillFailure.of(FailureCategory.BACKUP_FAILURE, "The backup " + dump
                    + " has no manifest, so nothing of it is signed, and drill.backup.public-key asks for a signed one. Take it with"
                    + " make backup and drill.backup.signing-secret set."));
            drill.evidence().step("verify the manifest's Ed25519 signature with the " + settings.publicKeys().size() + " keys of"
                    + " drill.backup.public-key, before trusting a digest", () -> ManifestSignature.problem(signed, manifestBytes.orElseThrow(), settings.publicKeys()))
                    .ifPresent(problem -> {
                        throw DrillFailure.of(FailureCategory.BACKUP_FAILURE, problem);
                    });
            drill.evidence().note("manifest signature verified: " + ManifestSignature.fileFor(signed).getFileName());
        }
        Optional<Manifest> manifest = unusable(() -> located.manifest().map(file -> drill.evidence().step("read the manifest " + file,
                () -> Manifest.parse(file, manifestBytes.orElseThrow()))));
        BackupIntegrityCheck integrity = new BackupIntegrityCheck();
        manifest.ifPresent(m -> {
            drill.evidence().text("manifest", new String(manifestBytes.orElseThrow(), java.nio.charset.StandardCharsets.UTF_8));
            results.add(integrity.files(m, files));
            results.add(integrity.source(m, identity));
        });
        if (settings.globals()) {
            Manifest.Globals globals = manifest.map(Manifest::globals).orElseThrow(() -> DrillFailure.of(FailureCategory.BACKUP_FAILURE,
                    "drill.globals=true, but the backup " + dump + (manifest.isEmpty() ? " has no manifest" : "'s manifest records no"
                            + " globals file") + ": it was taken without drill.globals=true. Take one with make backup"
                            + " ARGS=\"-Ddrill.globals=true\", or drill this one with drill.globals=false."));
            results.add(integrity.globals(globals, Manifest.globalsFileFor(dump)));
        }
        if (results.stream().anyMatch(r -> !r.passed())) {
            drill.backedUp(new BackedUp(new DumpArtifact(dump, located.format(), files, Duration.ZERO, modified(dump), "", "", List.of(),
                    false), new SourceSide(manifest.orElseThrow(), SourceSide.Kind.BACKUP_MANIFEST, Optional.empty(), false, dump.toString())));
            return Instant.parse(manifest.get().snapshotTime());
        }
        List<String> toc = unusable(() -> drill.evidence().step("pg_restore --list reads the archive", () -> drill.client().list(dump)));
        Manifest side = manifest.isPresent() ? manifest.get()
                : drill.evidence().step("no manifest beside " + dump.getFileName() + ": read the schema, migrations and roles"
                        + " from the live source", () -> {
                    try (Connection connection = drill.sessions().openReadOnly(source)) {
                        connection.setAutoCommit(false);
                        connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                        return builder(drill).build(connection, "").withDump(new Manifest.DumpFacts(dump.getFileName().toString(),
                                located.format(), files, "", "", 0), DumpSequences.read(drill.client(), dump, toc));
                    }
                });
        Manifest.DumpFacts facts = side.dump();
        drill.backedUp(new BackedUp(new DumpArtifact(dump, located.format(), files, Duration.ofMillis(facts.durationMs()), modified(dump),
                facts.pgDumpVersion(), facts.serverVersion(), toc, false), new SourceSide(side,
                manifest.isPresent() ? SourceSide.Kind.BACKUP_MANIFEST : SourceSide.Kind.LIVE, Optional.empty(), settings.liveSourceParity(),
                dump.toString())));
        return manifest.isPresent() ? Instant.parse(side.snapshotTime()) : modified(dump);
    }

    /** An existing backup that cannot be located, read or listed is a bad backup (exit 1), not an infrastructure fault. */
    private static <T> T unusable(java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (IllegalStateException | java.io.UncheckedIOException unusable) {
            throw DrillFailure.of(FailureCategory.BACKUP_FAILURE, unusable.getMessage());
        }
    }

    private static ManifestBuilder builder(DrillContext drill) {
        return new ManifestBuilder(drill.settings().schemas(), drill.source().profile().migrationsTable(), drill.settings().migrationFormat(),
                drill.settings().contentSegmentRows(), drill.runId());
    }

    private static Map<String, String> versions(DrillContext drill) {
        Prepared prepared = drill.prepared();
        return Map.of("pgDumpVersion", prepared.pgDumpVersion().text(), "sourceServerVersionNum",
                prepared.sourceIdentity().map(identity -> Integer.toString(identity.serverVersionNum())).orElse(""));
    }

    private static Instant modified(Path dump) {
        try {
            return Files.getLastModifiedTime(Files.isDirectory(dump) ? dump.resolve("toc.dat") : dump).toInstant();
        } catch (java.io.IOException unreadable) {
            throw new java.io.UncheckedIOException("Cannot read the modification time of " + dump, unreadable);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException unreadable) {
            throw new java.io.UncheckedIOException("Cannot read " + file, unreadable);
        }
    }

    private static void plan(DrillContext drill, StageScope stage) {
        DrillSettings settings = drill.settings();
        if (settings.restoresExistingBackup()) {
            stage.plan("locate the existing backup", settings.backupFile().map(f -> "drill.backup.file=" + f)
                    .orElse("newest " + settings.backupPattern() + " in drill.backup.dir=" + settings.backupDir().orElseThrow()));
            stage.plan("check every file's sha256 against <dump>.manifest.json and the manifest's source against the source",
                    "SELECT system_identifier FROM pg_control_system(); SELECT current_database()");
            stage.plan("read the archive's table of contents", "pg_restore --list <dump>");
            if (settings.globals()) {
                stage.plan("check the globals file's sha256 against the manifest's (drill.globals)", "sha256 <dump>.globals.sql");
            }
            return;
        }
        PgEndpoint placeholder = new PgEndpoint("<source host>", 5432, "<source db>", "<user>", Optional.empty());
        Path file = settings.dumpDir().resolve("<source db>-" + drill.runId() + ".dump");
        stage.plan("open a read-only REPEATABLE READ transaction on the source and export its snapshot",
                "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SELECT pg_export_snapshot()");
        stage.plan("dump the source in that snapshot", DrillTarget.of(drill.settings()).hostClient(drill)
                .map(c -> c.dumpCommand(placeholder, file, Optional.of("<snapshot id>")))
                .orElse("docker exec <container> pg_dump --format=custom ... && docker cp ..."));
        stage.plan("compute the manifest in the same snapshot while pg_dump runs: per table",
                "SELECT count(*), sum(hashint8extended(hash_record_extended(ROW(t.<column>, t.<column>::text COLLATE \"C\", ...), 0), 0))"
                        + " FROM <table> t");
        stage.plan("read the archive's table of contents and its SEQUENCE SET entries", "pg_restore --list " + file);
        if (settings.globals()) {
            stage.plan("write the cluster's globals beside the dump, the source's roles, memberships, role settings and tablespaces"
                    + " read just before and after (drill.globals)", "pg_dumpall " + String.join(" ", io.duckmesh.drill.backup.GlobalsBackup
                    .arguments(placeholder, Manifest.globalsFileFor(file).toString(), settings.globalsPasswords()))
                    + "; SELECT ... FROM pg_roles, pg_auth_members, pg_db_role_setting, pg_tablespace");
        }
    }
}
