package io.duckmesh.drill.evidence;

import java.sql.SQLException;
import java.util.Locale;

/** How a failed step is reported, whichever {@link Evidence} records it. */
public final class StepFailures {

    private StepFailures() {
    }

    /**
     * Runs a step's {@code body} (which runs the step's work and records it), turning a statement
     * PostgreSQL cancelled into a failure that names the step ({@link #timedOut}); any other failure
     * is rethrown as it is.
     */
    public static <T> T guarded(String step, java.util.concurrent.Callable<T> body) {
        long started = System.nanoTime();
        try {
            return body.call();
        } catch (Exception failed) {
            throw StepFailures.<RuntimeException>rethrow(timedOut(step, started, failed));
        }
    }

    /** The failure as it is, or, for a statement PostgreSQL cancelled (SQLSTATE 57014), one that names the step and the wait. */
    public static Throwable timedOut(String step, long startedNanos, Throwable failed) {
        for (Throwable cause = failed; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLException sql && "57014".equals(sql.getSQLState())) {
                return new IllegalStateException(String.format(Locale.ROOT,
                        "Step '%s' was cancelled after %.1f s: a statement ran longer than drill.timeout.statement (%s)."
                                + " Something may hold a lock on the table, or the table needs a longer drill.timeout.statement.",
                        step, (System.nanoTime() - startedNanos) / 1e9, sql.getMessage().lines().findFirst().orElse("")), failed);
            }
        }
        return failed;
    }

    /** Rethrows {@code failure} as it is, checked or not, so that a step's caller sees what its work threw. */
    @SuppressWarnings("unchecked")
    public static <E extends Throwable> RuntimeException rethrow(Throwable failure) throws E {
        throw (E) failure;
    }
}
