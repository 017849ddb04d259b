package io.duckmesh.drill.evidence;

import io.duckmesh.drill.result.FailureCategory;

/**
 * How one stage ended: passed, failed or skipped, how long it took, how many findings, and why;
 * a failed stage also says its category (empty otherwise).
 */
public record StageOutcome(int order, String name, Status status, long durationMs, int findings, String message,
                           java.util.Optional<FailureCategory> category) {

    public StageOutcome(int order, String name, Status status, long durationMs, int findings, String message) {
        this(order, name, status, durationMs, findings, message, java.util.Optional.empty());
    }

    /** A stage's end state. */
    public enum Status { PASSED, FAILED, SKIPPED;

        public String json() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** "10 Backup". */
    public String label() {
        return String.format("%02d %s", order, name);
    }
}
