package io.duckmesh.drill.inspect;

import io.duckmesh.drill.postgres.Workers;
import java.util.List;
import java.util.Map;

/**
 * Digests many tables at once on a bounded number of sessions (drill.parallelism), largest tables
 * first, so the wall time approaches that of the largest table rather than the sum.
 */
public final class ParallelDigester {

    private final int parallelism;

    public ParallelDigester(int parallelism) {
        this.parallelism = Math.max(1, parallelism);
    }

    /**
     * @param like the source's digests: each table is digested with the same row hash and segment plan, and they
     *             order the work; a table of at least {@code chunkRows} rows is cut into chunks of its blocks, so
     *             the largest table is read by every session at once
     */
    public Map<TableRef, TableDigest> digestAll(List<TableInfo> tables, Map<TableRef, TableDigest> like,
                                                DigestBatch.Sessions sessions, long chunkRows) {
        DigestBatch batch = new DigestBatch(like, chunkRows, parallelism);
        batch.add(tables);
        batch.close();
        Workers.run(Math.min(parallelism, Math.max(1, batch.pending())), () -> batch.drain(sessions));
        return batch.digests();
    }
}
