package io.duckmesh.drill.backup;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A dump the drill wrote or found, with the facts a reviewer needs to trust it, and its table of contents. */
public record DumpArtifact(Path file, long sizeBytes, String sha256, Duration duration, Instant finishedAt,
                           String pgDumpVersion, String serverVersion, List<String> toc) {

    public DumpArtifact {
        toc = List.copyOf(toc);
    }

    public int archiveEntries() {
        return toc.size();
    }
}
