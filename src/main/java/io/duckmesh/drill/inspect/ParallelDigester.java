package io.duckmesh.drill.inspect;

import io.duckmesh.drill.postgres.Workers;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

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

    /** A table to digest whole, or one of its chunks (block ranges). */
    private record Piece(TableInfo table, long rows, int chunk, int chunks) {
    }

    /**
     * @param like the source's digests: each table is digested with the same row hash and segment plan, and they
     *             order the work; a table of at least {@code chunkRows} rows is cut into drill.parallelism chunks
     *             of its blocks, so the largest table is read by every session at once
     */
    public Map<TableRef, TableDigest> digestAll(List<TableInfo> tables, Map<TableRef, TableDigest> like, Sessions sessions,
                                                long chunkRows) {
        List<Piece> pieces = new ArrayList<>();
        for (TableInfo table : tables) {
            TableDigest source = like.get(table.table());
            long rows = source == null ? 0 : source.rows();
            if (source != null && table.populated() && parallelism > 1 && rows >= chunkRows) {
                for (int chunk = 0; chunk < parallelism; chunk++) {
                    pieces.add(new Piece(table, rows / parallelism, chunk, parallelism));
                }
            } else {
                pieces.add(new Piece(table, rows, 0, 1));
            }
        }
        pieces.sort(Comparator.comparingLong(Piece::rows).reversed());
        Queue<Piece> work = new ConcurrentLinkedQueue<>(pieces);
        Map<TableRef, TableDigest> digests = new ConcurrentHashMap<>();
        Map<TableRef, Queue<Segment>> chunks = new ConcurrentHashMap<>();
        Workers.run(Math.min(parallelism, pieces.size()), () -> drain(work, like, sessions, digests, chunks));
        chunks.forEach((table, parts) -> digests.put(table,
                TableDigester.assemble(table, like.get(table).plan(), like.get(table).rowHash(), List.copyOf(parts))));
        return new TreeMap<>(digests);
    }

    private static void drain(Queue<Piece> work, Map<TableRef, TableDigest> like, Sessions sessions,
                              Map<TableRef, TableDigest> digests, Map<TableRef, Queue<Segment>> chunks) {
        TableDigester digester = new TableDigester();
        try (Connection connection = sessions.open()) {
            TableDigester.tune(connection);
            for (Piece piece = work.poll(); piece != null; piece = work.poll()) {
                TableRef table = piece.table().table();
                if (piece.chunks() > 1) {
                    TableDigest source = like.get(table);
                    chunks.computeIfAbsent(table, t -> new ConcurrentLinkedQueue<>()).addAll(digester.chunk(connection, piece.table(),
                            source.plan(), source.rowHash(), piece.chunk(), piece.chunks()));
                } else {
                    digests.put(table, digester.digestLike(connection, piece.table(), like.get(table)));
                }
            }
        } catch (SQLException failed) {
            throw new IllegalStateException("Checksumming the restored tables failed: " + failed.getMessage(), failed);
        }
    }
}
