package io.duckmesh.drill.restore;

import io.duckmesh.drill.inspect.DigestBatch;
import io.duckmesh.drill.inspect.TableDigest;
import io.duckmesh.drill.inspect.TableInfo;
import io.duckmesh.drill.inspect.TableRef;
import io.duckmesh.drill.postgres.Workers;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Counts and checksums the restored tables while pg_restore still runs. A parallel restore leaves
 * a core idle for long stretches: while one job loads the largest table, and while that table's
 * indexes and constraints are built one after another. One session reads each table as soon as
 * pg_restore is done with it ({@link SettledTables}); when pg_restore ends, drill.parallelism
 * sessions read what is left (tables it finished last, partitioned tables, materialized views).
 * The digests are those the drill would take after the restore: the same rows, committed, read
 * the same way.
 */
public final class DigestsDuringRestore implements AutoCloseable {

    /** Lists the restored copy's tables (the drilled schemas). */
    @FunctionalInterface
    public interface Inventory {
        List<TableInfo> tables() throws SQLException;
    }

    private final SettledTables settled;
    private final DigestBatch batch;
    private final DigestBatch.Sessions sessions;
    private final Inventory inventory;
    private final int parallelism;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "checksums during pg_restore");
        thread.setDaemon(true);
        return thread;
    });
    private final CompletableFuture<Void> early;
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private final List<TableRef> readEarly = new ArrayList<>();
    private Map<TableRef, TableInfo> restoredTables;

    /** Starts the session that waits for settled tables. */
    public DigestsDuringRestore(SettledTables settled, Map<TableRef, TableDigest> like, long chunkRows, int parallelism,
                                DigestBatch.Sessions sessions, Inventory inventory) {
        this.settled = settled;
        this.parallelism = Math.max(1, parallelism);
        this.batch = new DigestBatch(like, chunkRows, this.parallelism);
        this.sessions = sessions;
        this.inventory = inventory;
        this.early = CompletableFuture.runAsync(() -> batch.drain(sessions), worker);
    }

    /** Reads one line of pg_restore's log (on the thread that reads it); queues the tables it settles. */
    public void accept(String line) {
        List<TableRef> now = settled.accept(line);
        if (now.isEmpty() || failure.get() != null) {
            return;
        }
        try {
            List<TableInfo> ready = new ArrayList<>();
            for (TableRef table : now) {
                Optional.ofNullable(restoredTables().get(table)).ifPresent(ready::add);
            }
            synchronized (this) {
                ready.forEach(info -> readEarly.add(info.table()));
            }
            batch.add(ready);
        } catch (SQLException failed) {
            failure.compareAndSet(null, new IllegalStateException("Listing the restored tables while pg_restore ran failed: "
                    + failed.getMessage(), failed));
        }
    }

    private synchronized Map<TableRef, TableInfo> restoredTables() throws SQLException {
        if (restoredTables == null) {
            Map<TableRef, TableInfo> byName = new java.util.HashMap<>();
            inventory.tables().forEach(info -> byName.put(info.table(), info));
            restoredTables = byName;
        }
        return restoredTables;
    }

    /** The tables read while pg_restore ran, in the order they settled. */
    public synchronized List<TableRef> readEarly() {
        return List.copyOf(readEarly);
    }

    /**
     * After a successful restore: digests every table of the restored copy not read yet, on
     * drill.parallelism sessions (the early session among them), and returns every table's digest.
     */
    public Map<TableRef, TableDigest> finish() {
        try {
            if (failure.get() != null) {
                throw failure.get();
            }
            List<TableInfo> rest;
            try {
                rest = inventory.tables().stream().filter(info -> !batch.has(info.table())).toList();
            } catch (SQLException failed) {
                throw new IllegalStateException("Listing the restored tables failed: " + failed.getMessage(), failed);
            }
            batch.add(rest);
            batch.close();
            if (parallelism > 1) {
                Workers.run(Math.min(parallelism - 1, Math.max(1, batch.pending())), () -> batch.drain(sessions));
            }
            early.join();
            return batch.digests();
        } catch (CompletionException failed) {
            throw failed.getCause() instanceof RuntimeException cause ? cause : failed;
        } finally {
            worker.shutdownNow();
        }
    }

    /**
     * Stops the session if {@link #finish} or {@link #abandon} did not (an interrupted drill): no
     * more pieces are read, and the session ends after the statement it runs.
     */
    @Override
    public void close() {
        batch.abandon();
        worker.shutdownNow();
    }

    /** After a failed restore: stops reading; returns what went wrong with the early session, if anything did. */
    public Optional<Throwable> abandon() {
        batch.abandon();
        try {
            early.join();
            return Optional.empty();
        } catch (CompletionException failed) {
            return Optional.of(failed.getCause());
        } finally {
            worker.shutdownNow();
        }
    }
}
