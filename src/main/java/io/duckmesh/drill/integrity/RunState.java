package io.duckmesh.drill.integrity;

import java.util.List;
import java.util.Set;

/**
 * What the integrity API says about a run: its status ({@code queued}, {@code running},
 * {@code passed}, {@code failed} or {@code error}), the checks it reported and a message.
 */
public record RunState(String id, String status, List<Check> checks, String message) {

    private static final Set<String> TERMINAL = Set.of("passed", "failed", "error");
    private static final Set<String> KNOWN = Set.of("queued", "running", "passed", "failed", "error");

    /** One check of the run: its name, {@code passed} or {@code failed}, and what it found. */
    public record Check(String name, String status, String detail) {
        public boolean passed() {
            return status.equals("passed");
        }
    }

    public RunState {
        checks = List.copyOf(checks);
    }

    public boolean terminal() {
        return TERMINAL.contains(status);
    }

    public static boolean known(String status) {
        return KNOWN.contains(status);
    }
}
