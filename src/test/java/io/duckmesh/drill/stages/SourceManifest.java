package io.duckmesh.drill.stages;

import io.duckmesh.drill.DrillContext;
import io.duckmesh.drill.backup.Manifest;
import io.duckmesh.drill.backup.PendingManifest;
import java.nio.file.Files;
import java.util.Locale;

/**
 * The drill's own dump has its tables' checksums computed after pg_dump, beside the restore
 * ({@link PendingManifest}): the stages that compare them wait here, and attach the manifest once
 * it is complete.
 */
final class SourceManifest {

    private SourceManifest() {
    }

    /** The manifest with every table's count and checksum, waiting for them if they are still being computed. */
    static Manifest complete(DrillContext drill) {
        drill.pendingManifest().ifPresent(pending -> {
            long started = System.nanoTime();
            PendingManifest.Done done = drill.evidence().step("wait for the manifest's table checksums, computed in "
                    + pending.snapshot() + " since pg_dump finished", () -> drill.awaitManifest().orElseThrow());
            drill.evidence().console(String.format(Locale.ROOT, "manifest: the tables' checksums took %.1f s in %s after pg_dump;"
                    + " waited %.1f s for them", done.took().toMillis() / 1000.0, pending.snapshot(),
                    (System.nanoTime() - started) / 1e9));
            drill.evidence().text("manifest", read(drill));
        });
        return drill.manifest();
    }

    private static String read(DrillContext drill) {
        java.nio.file.Path file = Manifest.fileFor(drill.dump().file());
        try {
            return Files.readString(file);
        } catch (java.io.IOException unreadable) {
            throw new java.io.UncheckedIOException("Cannot read the manifest " + file, unreadable);
        }
    }
}
