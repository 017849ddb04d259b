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

    /** What a backup produced; the snapshot (empty for a live-source manifest) stays open for the caller to close. */
    public record Taken(DumpArtifact dump, Manifest manifest, Path manifestFile, CommandResult log) {
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
        CompletableFuture<CommandResult> dumping = CompletableFuture.supplyAsync(
                () -> client.dump(source, file, snapshot.map(SourceSnapshot::id)));
        snapshot.ifPresent(s -> dumping.whenComplete((done, failed) -> {
            if (failed != null) {
                s.cancelRunningQuery();
            }
        }));
        Manifest computed;
        try {
            computed = snapshot.isPresent()
                    ? steps.step("compute the manifest in " + snapshot.get() + " while pg_dump runs",
                            () -> builder.build(snapshot.get().connection(), snapshot.get().id()))
                    : null;
        } catch (RuntimeException manifestFailed) {
            if (dumping.isCompletedExceptionally()) {
                join(dumping, source);
            }
            client.cancelRunning();
            throw manifestFailed;
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
        return new Taken(dump, complete, manifestFile, result);
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
