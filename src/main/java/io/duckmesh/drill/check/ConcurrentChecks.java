package io.duckmesh.drill.check;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs independent checks of the restored copy at the same time, each on a session of its own, on
 * at most drill.parallelism threads; the results come back in the order the checks were added,
 * each with how long it took.
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

    /** A check's result and how long it ran. */
    public record Timed(String name, CheckResult result, Duration took) {
    }

    private final Map<String, Check> checks = new LinkedHashMap<>();
    private final int parallelism;

    public ConcurrentChecks(int parallelism) {
        this.parallelism = Math.max(1, parallelism);
    }

    /** Adds a check; the costliest first keeps the pool busy to the end. */
    public ConcurrentChecks add(String name, Check check) {
        checks.put(name, check);
        return this;
    }

    public List<Timed> run(Sessions sessions) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, Math.max(1, checks.size())));
        try {
            List<CompletableFuture<Timed>> running = new ArrayList<>();
            checks.forEach((name, check) -> running.add(CompletableFuture.supplyAsync(() -> {
                long started = System.nanoTime();
                try (Connection session = sessions.open()) {
                    return new Timed(name, check.run(session), Duration.ofNanos(System.nanoTime() - started));
                } catch (RuntimeException failed) {
                    throw failed;
                } catch (Exception failed) {
                    throw new IllegalStateException("Check '" + name + "' failed to run: " + failed.getMessage(), failed);
                }
            }, pool)));
            List<Timed> results = new ArrayList<>();
            for (CompletableFuture<Timed> check : running) {
                results.add(check.join());
            }
            return results;
        } catch (CompletionException failed) {
            throw failed.getCause() instanceof RuntimeException cause ? cause : failed;
        } finally {
            pool.shutdownNow();
        }
    }
}
