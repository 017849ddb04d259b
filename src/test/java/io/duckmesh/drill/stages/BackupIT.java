package io.duckmesh.drill.stages;

import io.duckmesh.drill.DrillContext;
import io.duckmesh.drill.backup.DumpArtifact;
import io.duckmesh.drill.backup.Sha256;
import io.duckmesh.drill.check.EvidenceTable;
import io.duckmesh.drill.postgres.CommandResult;
import io.duckmesh.drill.postgres.HostPgClient;
import io.duckmesh.drill.postgres.PgClient;
import io.duckmesh.drill.postgres.PgEndpoint;
import java.nio.file.Files;
import java.nio.file.Path;
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
            stage.plan("dump the source", hostClientOrPlaceholder(drill).map(c -> c.dumpCommand(placeholder, file))
                    .orElse("docker exec <container> pg_dump --format=custom ... && docker cp ..."));
            stage.plan("read the archive's table of contents", "pg_restore --list " + file);
            return;
        }

        PgClient client = drill.client();
        PgEndpoint source = drill.source().endpoint();
        Path file = drill.settings().dumpDir().resolve(source.database() + "-" + drill.runId() + ".dump");
        CommandResult result = drill.evidence().step("pg_dump -Fc of " + source, () -> client.dump(source, file));
        drill.evidence().text("pg_dump log", result.display() + System.lineSeparator() + result.output());
        String sha256 = drill.evidence().step("sha256 of " + file.getFileName(), () -> Sha256.ofFile(file));
        List<String> entries = drill.evidence().step("pg_restore --list reads the archive", () -> client.list(file));
        DumpArtifact dump = new DumpArtifact(file, Files.size(file), sha256, result.duration(), Instant.now(),
                String.valueOf(drill.facts().get("pgDumpVersion")), String.valueOf(drill.facts().get("sourceServerVersionNum")),
                entries.size());
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

    /** The client on this machine, for showing the exact commands in a dry-run; empty for the container target. */
    static Optional<PgClient> hostClientOrPlaceholder(DrillContext drill) {
        return drill.settings().target().equals("container") ? Optional.empty()
                : Optional.of(new HostPgClient(drill.tools(), drill.runner(), drill.settings().dumpTimeout(),
                        drill.settings().restoreTimeout()));
    }
}
