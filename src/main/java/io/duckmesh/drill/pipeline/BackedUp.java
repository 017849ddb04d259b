package io.duckmesh.drill.pipeline;

import io.duckmesh.drill.backup.DumpArtifact;
import io.duckmesh.drill.backup.SourceSide;

/** What 10 Backup leaves: the dump, and the source side every parity check compares with (the manifest and its snapshot). */
public record BackedUp(DumpArtifact dump, SourceSide sourceSide) {

    /** The same backup, the source side replaced (its snapshot released). */
    public BackedUp with(SourceSide side) {
        return new BackedUp(dump, side);
    }
}
