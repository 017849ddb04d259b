package io.duckmesh.drill.backup;

import io.duckmesh.drill.backup.Manifest.SequenceState;
import io.duckmesh.drill.evidence.Steps;
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
     * reads took on the source (from its import of the snapshot to its end); empty without a snapshot.
     */
    public record Taken(DumpArtifact dump, Manifest manifest, Path manifestFile, CommandResult log,
                        Optional<java.time.Duration> manifestLocks) {
    }

    private final PgClient client;
    private final PgSessions sessions;
    private final ManifestBuilder builder;
    private final Steps steps;

    public BackupTaker(PgClient client, PgSessions sessions, ManifestBuilder builder, Steps steps) {
        this.client = client;
        this.sessions = sessions;
        this.builder = builder;
        this.steps = steps;
    }

    /**
     * @param snapshot the exported snapshot to dump in and compute the manifest in; empty computes the
     *                 manifest from the live source after the dump (drill.parity.live-source)
     */
    public Taken take(PgEndpoint source, Path file, String format, Optional<SourceSnapshot> snapshot, Map<String, String> versions) {
        Optional<Connection> manifestSession = snapshot.map(this::importInto);
        CompletableFuture<CommandResult> dumping = CompletableFuture.supplyAsync(
                () -> client.dump(source, file, snapshot.map(SourceSnapshot::id)));
        manifestSession.ifPresent(session -> dumping.whenComplete((done, failed) -> {
            if (failed != null) {
                snapshot.get().cancelRunningQuery(session);
            }
        }));
        Manifest computed;
        long manifestStarted = System.nanoTime();
        java.util.concurrent.atomic.AtomicLong manifestEnded = new java.util.concurrent.atomic.AtomicLong();
        try {
            computed = snapshot.isPresent()
                    ? steps.step("compute the manifest in a session that imports " + snapshot.get() + " while pg_dump runs, and end it",
                            () -> {
                                Manifest built = buildAndEnd(manifestSession.get(), snapshot.get());
                                manifestEnded.set(System.nanoTime());
                                return built;
                            })
                    : null;
        } catch (RuntimeException manifestFailed) {
            if (dumping.isCompletedExceptionally()) {
                join(dumping, source);
            }
            client.cancelRunning();
            throw manifestFailed;
        } finally {
            manifestSession.ifPresent(BackupTaker::close);
        }
        CommandResult result = steps.step("pg_dump --format=" + format + " of " + source
                + snapshot.map(s -> " in snapshot " + s.id()).orElse(""), () -> join(dumping, source));
        Manifest manifest = computed != null ? computed
                : steps.step("compute the manifest from the live source after the dump (drill.parity.live-source)", () -> {
                    try (Connection connection = sessions.openReadOnly(source)) {
                        connection.setAutoCommit(false);
                        connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                        return builder.build(connection, "");
                    }
                });
        List<DumpFile> files = steps.step("sha256 of every file of " + file.getFileName(), () -> DumpFile.of(file));
        List<String> toc = steps.step("pg_restore --list reads the archive", () -> client.list(file));
        List<SequenceState> sequences = steps.step("read the sequence states the dump recorded (SEQUENCE SET)",
                () -> DumpSequences.read(client, file, toc));
        String pgDump = versions.getOrDefault("pgDumpVersion", "");
        String server = versions.getOrDefault("sourceServerVersionNum", "");
        Manifest complete = manifest.withDump(new Manifest.DumpFacts(file.getFileName().toString(), format, files, pgDump, server,
                result.duration().toMillis()), sequences);
        Path manifestFile = complete.write(file);
        DumpArtifact dump = new DumpArtifact(file, format, files, result.duration(), Instant.now(), pgDump, server, toc, true);
        return new Taken(dump, complete, manifestFile, result, snapshot.map(s -> java.time.Duration.ofNanos(manifestEnded.get() - manifestStarted)));
    }

    private Connection importInto(SourceSnapshot snapshot) {
        try {
            return snapshot.open(sessions);
        } catch (java.sql.SQLException cannotImport) {
            throw new IllegalStateException("Cannot import " + snapshot + " to compute the manifest: " + cannotImport.getMessage(),
                    cannotImport);
        }
    }

    /**
     * The manifest, computed in the imported snapshot; its transaction ends as soon as it is complete,
     * so the ACCESS SHARE locks its reads took last no longer than the manifest does.
     */
    private Manifest buildAndEnd(Connection session, SourceSnapshot snapshot) throws java.sql.SQLException {
        Manifest manifest = builder.build(session, snapshot.id(), snapshot.exportedAt());
        session.rollback();
        return manifest;
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
