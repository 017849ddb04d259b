package io.duckmesh.drill.stages;

import io.duckmesh.drill.DrillContext;
import io.duckmesh.drill.backup.DumpArtifact;
import io.duckmesh.drill.backup.Manifest;
import io.duckmesh.drill.backup.ManifestBuilder;
import io.duckmesh.drill.backup.SourceSnapshot;
import io.duckmesh.drill.backup.Sha256;
import io.duckmesh.drill.check.EvidenceTable;
import io.duckmesh.drill.postgres.CommandResult;
import io.duckmesh.drill.postgres.HostPgClient;
import io.duckmesh.drill.postgres.PgClient;
import io.duckmesh.drill.postgres.PgEndpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

@DrillStage
@Order(10)
@DisplayName("10 Backup")
class BackupIT {

    @Test
    void dumpIsTakenAndReadable(DrillContext drill, StageSupport stage) throws Exception {
        if (drill.dryRun()) {
            PgEndpoint placeholder = new PgEndpoint("<source host>", 5432, "<source db>", "<user>", Optional.empty());
            Path file = drill.settings().dumpDir().resolve("<source db>-" + drill.runId() + ".dump");
            stage.plan("open a read-only REPEATABLE READ transaction on the source and export its snapshot",
                    "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SELECT pg_export_snapshot()");
            stage.plan("dump the source in that snapshot", hostClientOrPlaceholder(drill)
                    .map(c -> c.dumpCommand(placeholder, file, Optional.of("<snapshot id>")))
                    .orElse("docker exec <container> pg_dump --format=custom ... && docker cp ..."));
            stage.plan("compute the manifest in the same snapshot while pg_dump runs: per table",
                    "SELECT count(*), sum(('x' || substr(md5(t::text), 1, 16))::bit(64)::bigint::numeric) FROM <table> t");
            stage.plan("read the archive's table of contents", "pg_restore --list " + file);
            return;
        }

        PgClient client = drill.client();
        PgEndpoint source = drill.source().endpoint();
        Path file = drill.settings().dumpDir().resolve(source.database() + "-" + drill.runId() + ".dump");
        boolean live = drill.settings().liveSourceParity();
        Optional<SourceSnapshot> snapshot = live ? Optional.empty() : Optional.of(drill.evidence().step(
                "export a snapshot of " + source, () -> drill.own(SourceSnapshot.export(drill.sessions(), source))));
        ManifestBuilder builder = new ManifestBuilder(drill.settings().schemas(), drill.source().profile().migrationsTable(),
                drill.settings().contentSegmentRows());
        CompletableFuture<CommandResult> dumping = CompletableFuture.supplyAsync(
                () -> client.dump(source, file, snapshot.map(SourceSnapshot::id)));
        Manifest manifest = snapshot.isPresent()
                ? drill.evidence().step("compute the manifest in " + snapshot.get() + " while pg_dump runs",
                        () -> builder.build(snapshot.get().connection(), snapshot.get().id()))
                : null;
        CommandResult result = drill.evidence().step("pg_dump -Fc of " + source + snapshot.map(s -> " in snapshot " + s.id()).orElse(""),
                () -> join(dumping));
        if (manifest == null) {
            manifest = drill.evidence().step("compute the manifest from the live source after the dump (drill.parity.live-source)",
                    () -> {
                        try (Connection connection = drill.sessions().openReadOnly(source)) {
                            connection.setAutoCommit(false);
                            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                            return builder.build(connection, "");
                        }
                    });
        }
        drill.manifest(manifest, snapshot);
        Path manifestFile = manifest.write(file);
        drill.evidence().text("manifest", Files.readString(manifestFile));
        drill.evidence().text("pg_dump log", result.display() + System.lineSeparator() + result.output());
        String sha256 = drill.evidence().step("sha256 of " + file.getFileName(), () -> Sha256.ofFile(file));
        List<String> entries = drill.evidence().step("pg_restore --list reads the archive", () -> client.list(file));
        DumpArtifact dump = new DumpArtifact(file, Files.size(file), sha256, result.duration(), Instant.now(),
                String.valueOf(drill.facts().get("pgDumpVersion")), String.valueOf(drill.facts().get("sourceServerVersionNum")),
                entries);
        drill.dump(dump);
        drill.evidence().table(new EvidenceTable("dump metadata", List.of("property", "value"), List.of(
                List.of("file", dump.file().toString()),
                List.of("size bytes", Long.toString(dump.sizeBytes())),
                List.of("sha256", dump.sha256()),
                List.of("pg_dump duration", dump.duration().toMillis() + " ms"),
                List.of("pg_dump version", dump.pgDumpVersion()),
                List.of("source server version", dump.serverVersion()),
                List.of("archive entries", Integer.toString(dump.archiveEntries())))));
        drill.evidence().text("archive table of contents", String.join(System.lineSeparator(), entries));
        drill.evidence().console(String.format("dump %s: %,d bytes, sha256 %s, %d archive entries, %.1f s",
                file, dump.sizeBytes(), sha256, entries.size(), dump.duration().toMillis() / 1000.0));
    }

    private static CommandResult join(CompletableFuture<CommandResult> dumping) {
        try {
            return dumping.join();
        } catch (CompletionException failed) {
            throw failed.getCause() instanceof RuntimeException cause ? cause : failed;
        }
    }

    /** The client on this machine, for showing the exact commands in a dry-run; empty for the container target. */
    static Optional<PgClient> hostClientOrPlaceholder(DrillContext drill) {
        return drill.settings().target().equals("container") ? Optional.empty()
                : Optional.of(new HostPgClient(drill.tools(), drill.runner(), drill.settings().dumpTimeout(),
                        drill.settings().restoreTimeout()));
    }
}
