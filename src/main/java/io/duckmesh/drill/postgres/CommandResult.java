package io.duckmesh.drill.postgres;

import java.time.Duration;

/** What a child process did: exit code (or a timeout), its combined output, and how long it ran. */
public record CommandResult(String display, int exitCode, boolean timedOut, String output, Duration duration) {

    public boolean succeeded() {
        return !timedOut && exitCode == 0;
    }

    /** The first lines of output, for a failure message. */
    public String outputHead(int lines) {
        return output.lines().limit(lines).reduce((a, b) -> a + System.lineSeparator() + b).orElse("(no output)");
    }
}
