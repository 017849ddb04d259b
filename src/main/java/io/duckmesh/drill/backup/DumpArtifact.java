package io.duckmesh.drill.backup;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A dump the drill wrote or found, with the facts a reviewer needs to trust it, and its table of
 * contents. {@code ownedByDrill} is false for an existing backup (drill.backup.file or
 * drill.backup.dir): the drill never deletes or prunes those.
 */
public record DumpArtifact(Path file, String format, List<DumpFile> files, Duration duration, Instant finishedAt,
                           String pgDumpVersion, String serverVersion, List<String> toc, boolean ownedByDrill) {

    public DumpArtifact {
        files = List.copyOf(files);
        toc = List.copyOf(toc);
    }

    public long sizeBytes() {
        return files.stream().mapToLong(DumpFile::bytes).sum();
    }

    /** The dump file's sha256; for a directory dump, that of its toc.dat (every file's is in the manifest). */
    public String sha256() {
        return files.stream().filter(f -> files.size() == 1 || f.name().equals("toc.dat")).map(DumpFile::sha256)
                .findFirst().orElse("");
    }

    public int archiveEntries() {
        return toc.size();
    }
}
