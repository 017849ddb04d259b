package io.duckmesh.drill.check;

import io.duckmesh.drill.result.CheckResult;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * Runs independent checks of the restored copy at the same time, each on a session of its own, on
 * at most drill.parallelism threads, in the order they were added; the results come back in that
 * order, each with how long it took. A shared check runs on several sessions at once, its workers
 * drawing from one queue, so a long check does not leave the other sessions idle.
 */
public final class ConcurrentChecks {

    /** Opens a session to the database being checked. */
    @FunctionalInterface
    public interface Sessions {
        Connection open() throws SQLException;
    }

    /** One check: given its own session, it returns its result. */
    @FunctionalInterface
    public interface Check {
        CheckResult run(Connection session) throws Exception;
    }

    /** A check's result and how long it ran (for a shared check: from its first worker's start to its last one's end). */
    public record Timed(String name, CheckResult result, Duration took) {
    }

    private record Entry(String name, int workers, Check check, Function<List<CheckResult>, CheckResult> merge) {
    }

    private record Part(CheckResult result, long started, long ended) {
    }

    private final List<Entry> checks = new ArrayList<>();
    private final int parallelism;

    public ConcurrentChecks(int parallelism) {
        this.parallelism = Math.max(1, parallelism);
    }

    /** Adds a check; adding the costliest first keeps the pool busy to the end. */
    public ConcurrentChecks add(String name, Check check) {
        checks.add(new Entry(name, 1, check, parts -> parts.get(0)));
        return this;
    }

    /**
     * Adds a check run by one worker per session (drill.parallelism of them), each drawing work from
     * a queue they share until it is empty; {@code merge} makes one result of theirs.
     */
    public ConcurrentChecks addShared(String name, Check worker, Function<List<CheckResult>, CheckResult> merge) {
        checks.add(new Entry(name, parallelism, worker, merge));
        return this;
    }

    public List<Timed> run(Sessions sessions) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism,
                Math.max(1, checks.stream().mapToInt(Entry::workers).sum())));
        try {
            List<List<CompletableFuture<Part>>> running = new ArrayList<>();
            for (Entry entry : checks) {
                List<CompletableFuture<Part>> workers = new ArrayList<>();
                for (int i = 0; i < entry.workers(); i++) {
                    workers.add(CompletableFuture.supplyAsync(() -> runOne(entry, sessions), pool));
                }
                running.add(workers);
            }
            List<Timed> results = new ArrayList<>();
            for (int i = 0; i < checks.size(); i++) {
                List<Part> parts = running.get(i).stream().map(CompletableFuture::join).toList();
                long started = parts.stream().mapToLong(Part::started).min().orElseThrow();
                long ended = parts.stream().mapToLong(Part::ended).max().orElseThrow();
                results.add(new Timed(checks.get(i).name(), checks.get(i).merge().apply(parts.stream().map(Part::result).toList()),
                        Duration.ofNanos(ended - started)));
            }
            return results;
        } catch (CompletionException failed) {
            throw failed.getCause() instanceof RuntimeException cause ? cause : failed;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Part runOne(Entry entry, Sessions sessions) {
        long started = System.nanoTime();
        try (Connection session = sessions.open()) {
            CheckResult result = entry.check().run(session);
            return new Part(result, started, System.nanoTime());
        } catch (RuntimeException failed) {
            throw failed;
        } catch (Exception failed) {
            throw new IllegalStateException("Check '" + entry.name() + "' failed to run: " + failed.getMessage(), failed);
        }
    }
}
