package io.duckmesh.drill.inspect;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
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

    /** A table to digest whole, or a chunk of a segmented table's buckets (from to to - 1). */
    private record Piece(TableInfo table, long rows, int from, int to, boolean chunk) {
    }

    /**
     * @param like the source's digests: each table is digested with the same segment plan, and they order the work;
     *             a segmented table is cut into drill.parallelism chunks of buckets, so the largest table is
     *             read by every session at once
     */
    public Map<TableRef, TableDigest> digestAll(List<TableInfo> tables, Map<TableRef, TableDigest> like, Sessions sessions) {
        List<Piece> pieces = new ArrayList<>();
        for (TableInfo table : tables) {
            TableDigest source = like.get(table.table());
            long rows = source == null ? 0 : source.rows();
            SegmentPlan plan = source == null ? null : source.plan();
            if (plan != null && table.populated() && parallelism > 1 && plan.count() >= parallelism) {
                for (int chunk = 0; chunk < parallelism; chunk++) {
                    pieces.add(new Piece(table, rows / parallelism, chunk * plan.count() / parallelism,
                            (chunk + 1) * plan.count() / parallelism, true));
                }
            } else {
                pieces.add(new Piece(table, rows, 0, 0, false));
            }
        }
        pieces.sort(Comparator.comparingLong(Piece::rows).reversed());
        Queue<Piece> work = new ConcurrentLinkedQueue<>(pieces);
        Map<TableRef, TableDigest> digests = new ConcurrentHashMap<>();
        Map<TableRef, Queue<Segment>> segments = new ConcurrentHashMap<>();
        int workers = Math.min(parallelism, Math.max(1, pieces.size()));
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            CompletableFuture<?>[] running = new CompletableFuture<?>[workers];
            for (int i = 0; i < workers; i++) {
                running[i] = CompletableFuture.runAsync(() -> drain(work, like, sessions, digests, segments), pool);
            }
            CompletableFuture.allOf(running).join();
        } catch (CompletionException failed) {
            throw failed.getCause() instanceof RuntimeException cause ? cause : failed;
        } finally {
            pool.shutdownNow();
        }
        segments.forEach((table, parts) -> digests.put(table,
                TableDigester.assemble(table, like.get(table).plan(), like.get(table).rowHash(), List.copyOf(parts))));
        return new TreeMap<>(digests);
    }

    private static void drain(Queue<Piece> work, Map<TableRef, TableDigest> like, Sessions sessions,
                              Map<TableRef, TableDigest> digests, Map<TableRef, Queue<Segment>> segments) {
        TableDigester digester = new TableDigester();
        try (Connection connection = sessions.open()) {
            for (Piece piece = work.poll(); piece != null; piece = work.poll()) {
                TableRef table = piece.table().table();
                if (piece.chunk()) {
                    segments.computeIfAbsent(table, t -> new ConcurrentLinkedQueue<>())
                            .addAll(digester.segments(connection, piece.table(), like.get(table).plan(), like.get(table).rowHash(),
                                    piece.from(), piece.to()));
                } else {
                    digests.put(table, digester.digestLike(connection, piece.table(), like.get(table)));
                }
            }
        } catch (SQLException failed) {
            throw new IllegalStateException("Checksumming the restored tables failed: " + failed.getMessage(), failed);
        }
    }
}
