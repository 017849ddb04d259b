package io.duckmesh.drill.postgres;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs pg_dump, pg_restore and psql as child processes with a timeout. The password reaches the
 * child only through its environment, never its command line.
 */
public final class CommandRunner {

    private final Set<Process> running = ConcurrentHashMap.newKeySet();

    /** Kills every child still running (a drill interrupted by SIGTERM must not leave pg_restore behind). */
    public void destroyAll() {
        running.forEach(Process::destroyForcibly);
    }

    public CommandResult run(Command command, Duration timeout) {
        return run(command, timeout, line -> { });
    }

    /** Runs the command, handing each line of its output to {@code lines} as it is written (on a thread of its own). */
    public CommandResult run(Command command, Duration timeout, Consumer<String> lines) {
        ProcessBuilder builder = new ProcessBuilder(command.argv()).redirectErrorStream(true);
        builder.environment().remove("PGPASSWORD");
        command.environment().forEach(builder.environment()::put);
        command.secretEnvironment().forEach((name, secret) -> builder.environment().put(name, secret.reveal()));
        long started = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException cannotStart) {
            throw new UncheckedIOException("Could not start " + command.program() + ": " + cannotStart.getMessage()
                    + "; check drill.pg.bin-dir or the PATH", cannotStart);
        }
        running.add(process);
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream(), lines));
        try {
            boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                process.destroyForcibly().waitFor();
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            return new CommandResult(command.display(), finished ? process.exitValue() : -1, !finished, output.join(), took);
        } catch (InterruptedException interrupted) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + command.display(), interrupted);
        } finally {
            running.remove(process);
        }
    }

    /**
     * Reads the child's output to its end. If {@code lines} throws, the output is still read to the
     * end (a child whose pipe fills up would hang) and the first failure is thrown then.
     */
    private static String readAll(InputStream stream, Consumer<String> lines) {
        StringBuilder output = new StringBuilder();
        RuntimeException listenerFailed = null;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                output.append(line).append('\n');
                if (listenerFailed == null) {
                    try {
                        lines.accept(line);
                    } catch (RuntimeException failed) {
                        listenerFailed = failed;
                    }
                }
            }
            if (listenerFailed != null) {
                throw listenerFailed;
            }
            return output.toString();
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }
}
