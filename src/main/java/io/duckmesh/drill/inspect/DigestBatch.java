package io.duckmesh.drill.inspect;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The tables of one database to digest, fed in as they become ready and drained by any number of
 * sessions at once, largest pieces first. A table of at least {@code chunkRows} rows (by the source's
 * count) is cut into {@value #CHUNKS_PER_SESSION} chunks of its blocks per session, so that every
 * session reads the largest table at once and a session that joins late still finds work. Each
 * table is digested the way the source's was: same row hash, same segment plan.
 */
public final class DigestBatch {

    /** Opens a session to the database being digested. */
    @FunctionalInterface
    public interface Sessions {
        Connection open() throws SQLException;
    }

    static final int CHUNKS_PER_SESSION = 8;

    /** A table to digest whole, or one of its chunks (block ranges). */
    private record Piece(TableInfo table, long rows, int chunk, int chunks) {
    }

    private final Map<TableRef, TableDigest> like;
    private final long chunkRows;
    private final int chunks;
    private final PriorityQueue<Piece> pending = new PriorityQueue<>(Comparator.comparingLong(Piece::rows).reversed());
    private final Map<TableRef, TableDigest> digests = new ConcurrentHashMap<>();
    private final Map<TableRef, Chunks> parts = new ConcurrentHashMap<>();
    private boolean closed;

    /** The segments a chunked table's chunks gave so far, and how many chunks it has in all. */
    private record Chunks(int expected, ConcurrentLinkedQueue<List<Segment>> chunks) {
    }

    /**
     * @param like        the source's digests, by table
     * @param parallelism the sessions that will drain the batch; with one, no table is chunked
     */
    public DigestBatch(Map<TableRef, TableDigest> like, long chunkRows, int parallelism) {
        this.like = Map.copyOf(like);
        this.chunkRows = chunkRows;
        this.chunks = parallelism > 1 ? parallelism * CHUNKS_PER_SESSION : 1;
    }

    /** Adds tables to digest and wakes the sessions waiting for work. */
    public synchronized void add(List<TableInfo> tables) {
        for (TableInfo table : tables) {
            TableDigest source = like.get(table.table());
            long rows = source == null ? 0 : source.rows();
            if (source != null && table.populated() && chunks > 1 && rows >= chunkRows) {
                parts.put(table.table(), new Chunks(chunks, new ConcurrentLinkedQueue<>()));
                for (int chunk = 0; chunk < chunks; chunk++) {
                    pending.add(new Piece(table, rows / chunks, chunk, chunks));
                }
            } else {
                pending.add(new Piece(table, rows, 0, 1));
            }
        }
        notifyAll();
    }

    /** No more tables will come: the sessions return once the pending pieces are done. */
    public synchronized void close() {
        closed = true;
        notifyAll();
    }

    /** Drops the pending pieces and closes the batch: the sessions return after the piece each is reading. */
    public synchronized void abandon() {
        pending.clear();
        close();
    }

    /** How many pieces wait for a session. */
    public synchronized int pending() {
        return pending.size();
    }

    /** Whether a piece of this table is added (digested, being digested or pending). */
    public synchronized boolean has(TableRef table) {
        return digests.containsKey(table) || parts.containsKey(table) || pending.stream().anyMatch(p -> p.table().table().equals(table));
    }

    /**
     * Digests pieces on one session until the batch is closed and empty; waits for work while it is
     * open. Many threads may drain one batch, each on a session of its own.
     */
    public void drain(Sessions sessions) {
        TableDigester digester = new TableDigester();
        TableRef table = null;
        try (Connection connection = sessions.open()) {
            TableDigester.tune(connection);
            for (Piece piece = next(); piece != null; piece = next()) {
                table = piece.table().table();
                TableDigest source = like.get(table);
                if (piece.chunks() > 1) {
                    parts.get(table).chunks().add(digester.chunk(connection, piece.table(), source.plan(), source.rowHash(),
                            piece.chunk(), piece.chunks()));
                } else {
                    digests.put(table, digester.digestLike(connection, piece.table(), source));
                }
            }
        } catch (SQLException failed) {
            throw new IllegalStateException("Checksumming the restored tables failed" + (table == null ? "" : " at " + table.quoted())
                    + ": " + failed.getMessage(), failed);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while checksumming the restored tables", interrupted);
        }
    }

    private synchronized Piece next() throws InterruptedException {
        while (pending.isEmpty() && !closed) {
            wait();
        }
        return pending.poll();
    }

    /** The digests of every table whose pieces are all done, chunked tables put together. */
    public Map<TableRef, TableDigest> digests() {
        Map<TableRef, TableDigest> done = new TreeMap<>(digests);
        parts.forEach((table, chunked) -> {
            if (chunked.chunks().size() == chunked.expected()) {
                List<Segment> segments = new ArrayList<>();
                chunked.chunks().forEach(segments::addAll);
                done.put(table, TableDigester.assemble(table, like.get(table).plan(), like.get(table).rowHash(), segments));
            }
        });
        return done;
    }
}
