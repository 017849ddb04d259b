package io.duckmesh.drill.postgres;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs one worker on several threads at once, typically each on a session of its own draining a
 * queue the workers share, and waits for all of them; the first failure is rethrown as it happened.
 */
public final class Workers {

    private Workers() {
    }

    public static void run(int count, Runnable worker) {
        int threads = Math.max(1, count);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CompletableFuture<?>[] running = new CompletableFuture<?>[threads];
            for (int i = 0; i < threads; i++) {
                running[i] = CompletableFuture.runAsync(worker, pool);
            }
            CompletableFuture.allOf(running).join();
        } catch (CompletionException failed) {
            throw failed.getCause() instanceof RuntimeException cause ? cause : failed;
        } finally {
            pool.shutdownNow();
        }
    }
}
