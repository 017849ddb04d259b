package io.duckmesh.drill.backup;

import io.duckmesh.drill.inspect.TableDigest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The tables' counts and checksums of a manifest, computed in the dump's snapshot once pg_dump has
 * finished, while the drill goes on restoring. pg_dump compresses on one core; computed beside it,
 * the checksums took CPU from it and made it 4 s slower at 10 million rows on 2 cores, while
 * pg_restore leaves a core idle for long stretches (loading the largest table, building its last
 * indexes). The complete manifest is written beside the dump as soon as it is known.
 */
public final class PendingManifest {

    /** Computes the tables' digests; runs on the snapshot's session. */
    @FunctionalInterface
    public interface Tables {
        List<TableDigest> compute() throws Exception;
    }

    /** The complete manifest and how long its checksums took. */
    public record Done(Manifest manifest, Duration took) {
    }

    private record Digests(List<TableDigest> tables, Duration took) {
    }

    private final CompletableFuture<Manifest> rest = new CompletableFuture<>();
    private final CompletableFuture<Done> done;
    private final String snapshot;

    private PendingManifest(CompletableFuture<Digests> digests, Path dump, String snapshot) {
        this.snapshot = snapshot;
        this.done = digests.thenCombine(rest, (computed, manifest) -> {
            Manifest complete = manifest.withTables(computed.tables());
            complete.write(dump);
            return new Done(complete, computed.took());
        });
    }

    /** Starts computing the tables on a thread of its own; the complete manifest will be written beside {@code dump}. */
    public static PendingManifest start(Tables tables, Path dump, String snapshot) {
        ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
            Thread worker = new Thread(runnable, "manifest checksums in " + snapshot);
            worker.setDaemon(true);
            return worker;
        });
        CompletableFuture<Digests> digests = CompletableFuture.supplyAsync(() -> {
            long started = System.nanoTime();
            try {
                return new Digests(tables.compute(), Duration.ofNanos(System.nanoTime() - started));
            } catch (RuntimeException failed) {
                throw failed;
            } catch (Exception failed) {
                throw new IllegalStateException("Computing the manifest's table checksums in " + snapshot + " failed: "
                        + failed.getMessage(), failed);
            }
        }, thread);
        digests.whenComplete((result, failure) -> thread.shutdown());
        return new PendingManifest(digests, dump, snapshot);
    }

    /** The rest of the manifest (schema, roles, migrations, the dump's facts), once the dump is read. */
    public void rest(Manifest withoutTables) {
        rest.complete(withoutTables);
    }

    /** The dump could not be read: there will be no manifest. */
    public void abandon(Throwable why) {
        rest.completeExceptionally(why);
    }

    /** Waits for the complete manifest; a failure is rethrown as it happened. */
    public Done join() {
        try {
            return done.join();
        } catch (CompletionException failed) {
            throw failed.getCause() instanceof RuntimeException cause ? cause : failed;
        }
    }

    public String snapshot() {
        return snapshot;
    }
}
