package io.duckmesh.drill.backup;

import io.duckmesh.drill.backup.Manifest.SequenceState;
import io.duckmesh.drill.result.DrillFailure;
import io.duckmesh.drill.result.FailureCategory;
import io.duckmesh.drill.result.Steps;
import io.duckmesh.drill.inspect.StoredTable;
import io.duckmesh.drill.postgres.CommandResult;
import io.duckmesh.drill.postgres.PgClient;
import io.duckmesh.drill.postgres.PgEndpoint;
import io.duckmesh.drill.postgres.PgSessions;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Takes a backup that can be verified later: pg_dump in an exported snapshot while the manifest is
 * computed in that same snapshot on its own session, then the dump's files (sha256), table of
 * contents and recorded sequence states are added to the manifest, which is written beside the
 * dump. Used by stage 10 Backup and by {@code make backup}.
 */
public final class BackupTaker {

    /**
     * What a backup produced; the snapshot (empty for a live-source manifest) stays open for the caller
     * to close. {@code manifestLocks} is how long the manifest's session held the ACCESS SHARE locks its
     * took on the source (from its LOCK TABLE to its end, which is after pg_dump's); empty without a
     * snapshot. {@code createdMeanwhile} names the tables created on the source after the snapshot,
     * which the backup rightly does not have.
     */
    public record Taken(DumpArtifact dump, Manifest manifest, Path manifestFile, CommandResult log,
                        Optional<java.time.Duration> manifestLocks, List<String> createdMeanwhile) {
    }

    private final PgClient client;
    private final PgSessions sessions;
    private final ManifestBuilder builder;
    private final Steps steps;
    private final List<String> schemas;
    private final BackupWindow window = new BackupWindow();
    private final Optional<GlobalsBackup> globals;

    public BackupTaker(PgClient client, PgSessions sessions, ManifestBuilder builder, Steps steps) {
        this(client, sessions, builder, steps, Optional.empty());
    }

    /** @param globals writes the cluster's globals beside the dump (drill.globals) */
    public BackupTaker(PgClient client, PgSessions sessions, ManifestBuilder builder, Steps steps, Optional<GlobalsBackup> globals) {
        this.globals = globals;
        this.client = client;
        this.sessions = sessions;
        this.builder = builder;
        this.steps = steps;
        this.schemas = builder.schemas();
    }

    /**
     * @param snapshot the exported snapshot to dump in and compute the manifest in; empty computes the
     *                 manifest from the live source after the dump (drill.parity.live-source)
     */
    public Taken take(PgEndpoint source, Path file, String format, Optional<SourceSnapshot> snapshot, Map<String, String> versions) {
        return snapshot.isPresent() ? inSnapshot(source, file, format, snapshot.get(), versions) : live(source, file, format, versions);
    }

    /**
     * The manifest's session imports the snapshot and locks every table it has (ACCESS SHARE, as
     * pg_dump does) before pg_dump starts; the live catalog is then compared with the snapshot's, so
     * DDL between the export and these locks fails the backup (BackupWindow), and none can run
     * until pg_dump holds its own locks: the session ends when both the manifest and pg_dump are done.
     */
    private Taken inSnapshot(PgEndpoint source, Path file, String format, SourceSnapshot snapshot, Map<String, String> versions) {
        Connection session = importInto(snapshot);
        long locked;
        Manifest manifest;
        CommandResult result;
        List<StoredTable> tables;
        BackupWindow.Changes changes;
        try {
            tables = steps.step("lock the tables of " + snapshot + " in a session that imports it, as pg_dump does, and compare"
                    + " them with the live source's", () -> lockAll(session, source));
            locked = System.nanoTime();
            changes = window.compare(tables, liveTables(source));
            if (!changes.safe()) {
                throw DrillFailure.of(FailureCategory.BACKUP_FAILURE, changes.failure(""));
            }
            CompletableFuture<CommandResult> dumping = CompletableFuture.supplyAsync(() -> client.dump(source, file, Optional.of(snapshot.id())));
            dumping.whenComplete((done, failed) -> {
                if (failed != null) {
                    snapshot.cancelRunningQuery(session);
                }
            });
            try {
                manifest = steps.step("compute the manifest in that session while pg_dump runs", () -> builder.build(session, snapshot.id(),
                        snapshot.exportedAt()));
            } catch (RuntimeException manifestFailed) {
                if (dumping.isCompletedExceptionally()) {
                    join(dumping, source);
                }
                client.cancelRunning();
                throw manifestFailed;
            }
            result = steps.step("pg_dump --format=" + format + " of " + source + " in snapshot " + snapshot.id(), () -> join(dumping, source));
        } finally {
            close(session);
        }
        long ended = System.nanoTime();
        List<String> toc = steps.step("pg_restore --list reads the archive", () -> client.list(file));
        List<String> disagreements = window.archiveDisagreements(tables, toc, schemas);
        if (!disagreements.isEmpty()) {
            throw DrillFailure.of(FailureCategory.BACKUP_FAILURE, "The archive's table of contents and the manifest, both read in " + snapshot
                    + ", disagree: " + String.join("; ", disagreements) + ". DDL ran on the source while the backup was taken, or"
                    + " pg_dump left tables out; run the drill (or make backup) again, and if it recurs, compare pg_restore --list "
                    + file + " with the tables of the source.");
        }
        return complete(source, file, format, manifest, result, toc, versions, Optional.of(java.time.Duration.ofNanos(ended - locked)),
                changes.created());
    }

    private Taken live(PgEndpoint source, Path file, String format, Map<String, String> versions) {
        CommandResult result = steps.step("pg_dump --format=" + format + " of " + source, () -> client.dump(source, file, Optional.empty()));
        Manifest manifest = steps.step("compute the manifest from the live source after the dump (drill.parity.live-source)", () -> {
            try (Connection connection = sessions.openReadOnly(source)) {
                connection.setAutoCommit(false);
                connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                return builder.build(connection, "");
            }
        });
        List<String> toc = steps.step("pg_restore --list reads the archive", () -> client.list(file));
        return complete(source, file, format, manifest, result, toc, versions, Optional.empty(), List.of());
    }

    private Taken complete(PgEndpoint source, Path file, String format, Manifest dumped, CommandResult result, List<String> toc,
                           Map<String, String> versions, Optional<java.time.Duration> locks, List<String> createdMeanwhile) {
        Manifest manifest = globals.map(g -> dumped.withGlobals(g.take(source, file))).orElse(dumped);
        List<DumpFile> files = steps.step("sha256 of every file of " + file.getFileName(), () -> DumpFile.of(file));
        List<SequenceState> sequences = steps.step("read the sequence states the dump recorded (SEQUENCE SET)",
                () -> DumpSequences.read(client, file, toc));
        String pgDump = versions.getOrDefault("pgDumpVersion", "");
        String server = versions.getOrDefault("sourceServerVersionNum", "");
        Manifest complete = manifest.withDump(new Manifest.DumpFacts(file.getFileName().toString(), format, files, pgDump, server,
                result.duration().toMillis()), sequences);
        Path manifestFile = complete.write(file);
        DumpArtifact dump = new DumpArtifact(file, format, files, result.duration(), Instant.now(), pgDump, server, toc, true);
        return new Taken(dump, complete, manifestFile, result, locks, createdMeanwhile);
    }

    /**
     * The snapshot's tables, each locked in ACCESS SHARE mode in the session: a table dropped or
     * renamed since the snapshot fails the lock, and the failure names what changed.
     */
    private List<StoredTable> lockAll(Connection session, PgEndpoint source) throws java.sql.SQLException {
        List<StoredTable> tables = builder.storedTables(session);
        if (tables.isEmpty()) {
            return tables;
        }
        // LOCK TABLE takes tables and partitioned tables only; a materialized view's REFRESH is still
        // seen by the comparison with the live source that follows.
        List<String> lockable = tables.stream().filter(t -> !t.kind().equals("m")).map(t -> t.table().quoted()).toList();
        if (lockable.isEmpty()) {
            return tables;
        }
        try (java.sql.Statement statement = session.createStatement()) {
            // Waits for a lock no longer than pg_dump would: drill.timeout.pg-dump bounds the whole backup.
            statement.execute("SET LOCAL lock_timeout = " + Math.max(1, client.dumpTimeout().toMillis()));
            statement.execute("LOCK TABLE " + String.join(", ", lockable) + " IN ACCESS SHARE MODE");
        } catch (java.sql.SQLException lockFailed) {
            if ("55P03".equals(lockFailed.getSQLState())) {
                throw new DumpRunner.DumpFailedException("pg_dump of " + source + " did not finish within drill.timeout.pg-dump="
                        + client.dumpTimeout() + ": the backup waited that long for ACCESS SHARE locks on the tables to dump ("
                        + lockFailed.getMessage() + "). Another session holds a stronger lock on one of them (see pg_locks and"
                        + " pg_stat_activity on the source); run again when it is done, or raise drill.timeout.pg-dump.");
            }
            if ("42P01".equals(lockFailed.getSQLState())) {
                throw DrillFailure.of(FailureCategory.BACKUP_FAILURE, window.compare(tables, liveTables(source))
                        .failure(" (locking them failed: " + lockFailed.getMessage() + ")"));
            }
            throw lockFailed;
        }
        return tables;
    }

    /** The drilled tables of the live source, read in a short session of their own. */
    private List<StoredTable> liveTables(PgEndpoint source) {
        try (Connection live = sessions.openReadOnly(source)) {
            return builder.storedTables(live);
        } catch (java.sql.SQLException unreadable) {
            throw new IllegalStateException("Cannot read the tables of the live source " + source + " to compare them with the snapshot's: "
                    + unreadable.getMessage(), unreadable);
        }
    }

    private Connection importInto(SourceSnapshot snapshot) {
        try {
            return snapshot.open(sessions);
        } catch (java.sql.SQLException cannotImport) {
            throw new IllegalStateException("Cannot import " + snapshot + " to compute the manifest: " + cannotImport.getMessage(),
                    cannotImport);
        }
    }

    private static void close(Connection session) {
        try {
            session.close();
        } catch (java.sql.SQLException cannotClose) {
            throw new IllegalStateException("Cannot close the manifest's session on the source: " + cannotClose.getMessage(), cannotClose);
        }
    }

    private CommandResult join(CompletableFuture<CommandResult> dumping, PgEndpoint source) {
        try {
            return dumping.join();
        } catch (CompletionException failed) {
            if (failed.getCause() instanceof DumpRunner.DumpFailedException dump && dump.outOfSpace()) {
                throw new DumpRunner.DumpFailedException(dump.getMessage() + " The source database takes " + sourceSize(source)
                        + " on disk; a custom-format dump is usually a fraction of that.", true);
            }
            throw failed.getCause() instanceof RuntimeException cause ? cause : failed;
        }
    }

    private String sourceSize(PgEndpoint source) {
        try (Connection connection = sessions.openReadOnly(source); java.sql.Statement statement = connection.createStatement();
             java.sql.ResultSet rs = statement.executeQuery("SELECT pg_database_size(current_database())")) {
            rs.next();
            return String.format("%,d bytes", rs.getLong(1));
        } catch (java.sql.SQLException unreadable) {
            return "an unknown number of bytes (" + unreadable.getMessage() + ")";
        }
    }
}
