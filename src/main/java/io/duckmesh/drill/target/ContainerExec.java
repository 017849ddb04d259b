package io.duckmesh.drill.target;

import io.duckmesh.drill.postgres.CommandResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.testcontainers.containers.Container.ExecResult;

/**
 * Runs one command inside the drill's container with a time limit that stops it: docker exec has no
 * timeout of its own, and abandoning the call leaves the command running inside the container. Each
 * command writes its process id to a file first; on timeout that process gets SIGTERM (pg_dump and
 * pg_restore then stop their parallel workers and cancel their queries), and SIGKILL if it is still
 * there after {@link #GRACE}.
 */
public final class ContainerExec {

    /** How long a command has to end after SIGTERM before it gets SIGKILL. */
    static final Duration GRACE = Duration.ofSeconds(10);
    private static final String PID_DIR = "/tmp/drill/exec";

    private final ContainerServer server;

    public ContainerExec(ContainerServer server) {
        this.server = server;
    }

    /** Runs {@code command}; a result with {@code timedOut()} when it did not end within {@code timeout} and was stopped. */
    public CommandResult run(List<String> command, Duration timeout) {
        long started = System.nanoTime();
        String pidFile = PID_DIR + "/" + UUID.randomUUID() + ".pid";
        List<String> wrapped = new ArrayList<>(List.of("sh", "-c",
                "mkdir -p " + PID_DIR + " && echo $$ > " + pidFile + " && exec \"$@\"", "drill-exec"));
        wrapped.addAll(command);
        FutureTask<ExecResult> run = new FutureTask<>(() -> execInContainer(wrapped));
        Thread thread = new Thread(run, "docker exec " + command.get(0));
        thread.setDaemon(true);
        thread.start();
        String display = "docker exec <container> " + String.join(" ", command);
        try {
            try {
                ExecResult result = run.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                return new CommandResult(display, result.getExitCode(), false, result.getStdout() + result.getStderr(),
                        Duration.ofNanos(System.nanoTime() - started));
            } catch (TimeoutException tooLong) {
                stop(run, pidFile, display);
                return new CommandResult(display, -1, true, "", Duration.ofNanos(System.nanoTime() - started));
            } finally {
                execInContainer(List.of("rm", "-f", pidFile));
            }
        } catch (ExecutionException failed) {
            throw new IllegalStateException("Could not run " + display + " in " + server + ": " + failed.getCause().getMessage(),
                    failed.getCause());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + display, interrupted);
        }
    }

    /** SIGTERM, then SIGKILL after the grace period; fails when the command is still running after both. */
    private void stop(FutureTask<ExecResult> run, String pidFile, String display) throws InterruptedException, ExecutionException {
        for (String signal : List.of("TERM", "KILL")) {
            execInContainer(List.of("sh", "-c", "[ -s " + pidFile + " ] && kill -" + signal + " \"$(cat " + pidFile + ")\" 2>/dev/null; true"));
            try {
                run.get(GRACE.toMillis(), TimeUnit.MILLISECONDS);
                return;
            } catch (TimeoutException stillRunning) {
                if (signal.equals("KILL")) {
                    throw new IllegalStateException(display + " timed out and is still running inside " + server
                            + " after SIGTERM and SIGKILL; stop the container (drill.target=container drills start a new one)",
                            stillRunning);
                }
            }
        }
    }

    private ExecResult execInContainer(List<String> command) {
        try {
            return server.container().execInContainer(command.toArray(String[]::new));
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running docker exec " + String.join(" ", command), interrupted);
        }
    }
}
