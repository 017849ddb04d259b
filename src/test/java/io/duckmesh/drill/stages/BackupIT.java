package io.duckmesh.drill.stages;

import io.duckmesh.drill.DrillContext;
import io.duckmesh.drill.backup.ArchiveLister;
import io.duckmesh.drill.backup.DumpArtifact;
import io.duckmesh.drill.backup.DumpRunner;
import io.duckmesh.drill.backup.Sha256;
import io.duckmesh.drill.check.EvidenceTable;
import io.duckmesh.drill.postgres.CommandResult;
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
        Path pgDump = drill.tools().locate("pg_dump").orElseThrow();
        Path pgRestore = drill.tools().locate("pg_restore").orElseThrow();
        DumpRunner runner = new DumpRunner(pgDump, drill.runner(), drill.settings().dumpTimeout());
        ArchiveLister lister = new ArchiveLister(pgRestore, drill.runner());

        if (drill.dryRun()) {
            PgEndpoint placeholder = new PgEndpoint("<embedded source host>", 0, "duckmesh", "postgres", Optional.empty());
            Path file = drill.settings().dumpDir().resolve("<source db>-" + drill.runId() + ".dump");
            stage.plan("dump the source", runner.command(placeholder, file).display());
            stage.plan("read the archive's table of contents", lister.command(file).display());
            return;
        }

        PgEndpoint source = drill.source().endpoint();
        Path file = drill.settings().dumpDir().resolve(source.database() + "-" + drill.runId() + ".dump");
        CommandResult result = drill.evidence().step("pg_dump -Fc of " + source, () -> runner.dump(source, file));
        drill.evidence().text("pg_dump log", result.display() + System.lineSeparator() + result.output());
        String sha256 = drill.evidence().step("sha256 of " + file.getFileName(), () -> Sha256.ofFile(file));
        List<String> entries = drill.evidence().step("pg_restore --list reads the archive",
                () -> lister.entries(file, drill.settings().restoreTimeout()));
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
}
