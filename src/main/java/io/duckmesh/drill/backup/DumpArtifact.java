package io.duckmesh.drill.backup;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/** A dump the drill wrote or found, with the facts a reviewer needs to trust it. */
public record DumpArtifact(Path file, long sizeBytes, String sha256, Duration duration, Instant finishedAt,
                           String pgDumpVersion, String serverVersion, int archiveEntries) {
}
