package io.duckmesh.drill.evidence;

import java.sql.SQLException;
import java.util.Locale;

/** How a failed step is reported, whichever {@link Evidence} records it. */
public final class StepFailures {

    private StepFailures() {
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
