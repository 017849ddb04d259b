package io.duckmesh.drill.inspect;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Digests many tables at once on a bounded number of sessions (drill.parallelism), largest tables
 * first, so the wall time approaches that of the largest table rather than the sum.
 */
public final class ParallelDigester {

    /** Opens a session to the database being digested. */
    @FunctionalInterface
    public interface Sessions {
        Connection open() throws SQLException;
    }

    private final int parallelism;

    public ParallelDigester(int parallelism) {
        this.parallelism = Math.max(1, parallelism);
    }

    /**
     * @param like the source's digests: each table is digested with the same segment plan, and they order the work
     */
    public Map<TableRef, TableDigest> digestAll(List<TableInfo> tables, Map<TableRef, TableDigest> like, Sessions sessions) {
        Queue<TableInfo> work = new ConcurrentLinkedQueue<>(tables.stream()
                .sorted(Comparator.comparingLong((TableInfo t) -> like.containsKey(t.table()) ? like.get(t.table()).rows() : 0).reversed())
                .toList());
        Map<TableRef, TableDigest> digests = new ConcurrentHashMap<>();
        int workers = Math.min(parallelism, Math.max(1, tables.size()));
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            CompletableFuture<?>[] running = new CompletableFuture<?>[workers];
            for (int i = 0; i < workers; i++) {
                running[i] = CompletableFuture.runAsync(() -> drain(work, like, sessions, digests), pool);
            }
            CompletableFuture.allOf(running).join();
        } catch (CompletionException failed) {
            throw failed.getCause() instanceof RuntimeException cause ? cause : failed;
        } finally {
            pool.shutdownNow();
        }
        return new TreeMap<>(digests);
    }

    private static void drain(Queue<TableInfo> work, Map<TableRef, TableDigest> like, Sessions sessions,
                              Map<TableRef, TableDigest> digests) {
        TableDigester digester = new TableDigester();
        try (Connection connection = sessions.open()) {
            for (TableInfo table = work.poll(); table != null; table = work.poll()) {
                digests.put(table.table(), digester.digestLike(connection, table, like.get(table.table())));
            }
        } catch (SQLException failed) {
            throw new IllegalStateException("Checksumming the restored tables failed: " + failed.getMessage(), failed);
        }
    }
}
