package io.duckmesh.drill.evidence;

/** How one stage ended: passed, failed or skipped, how long it took, how many findings, and why. */
public record StageOutcome(int order, String name, Status status, long durationMs, int findings, String message) {

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
