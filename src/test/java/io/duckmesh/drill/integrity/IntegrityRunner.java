package io.duckmesh.drill.integrity;

import io.duckmesh.drill.integrity.IntegrityClient.Attempt;
import io.duckmesh.drill.integrity.IntegrityClient.StartedRun;
import io.duckmesh.drill.postgres.PgEndpoint;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.pollinterval.PollInterval;

/**
 * Starts an integrity run for the restored catalog and waits for it to end, with Awaitility: every
 * drill.integrity.poll-interval (or a 429's Retry-After, if longer), retrying what is worth
 * retrying, all within drill.integrity.timeout. Polls on the caller's thread, so the report's
 * request and response attachments land in the stage.
 */
public final class IntegrityRunner {

    /** A run that ended: its last state, how long the drill waited in all, and the transient problems it rode out. */
    public record Outcome(StartedRun run, RunState state, Duration waited, int retries) {
    }

    private final IntegrityClient client;
    private final IntegrityApiSettings settings;

    public IntegrityRunner(IntegrityClient client, IntegrityApiSettings settings) {
        this.client = client;
        this.settings = settings;
    }

    /**
     * @param onState told of every state read, for the console and the report
     * @throws IntegrityApiException when the API refuses for good, or the run does not start or end in time
     */
    public Outcome run(PgEndpoint restored, String drillRunId, Consumer<RunState> onState) {
        Instant start = Instant.now();
        Backoff backoff = new Backoff(settings.pollInterval());
        AtomicReference<String> problem = new AtomicReference<>("");
        AtomicReference<StartedRun> started = new AtomicReference<>();
        int[] retries = {0};
        try {
            Awaitility.await("integrity run started").atMost(settings.timeout()).pollInSameThread().pollDelay(Duration.ZERO)
                    .pollInterval(backoff).until(() -> {
                        Attempt<StartedRun> attempt = client.start(restored, drillRunId);
                        attempt.value().ifPresent(started::set);
                        note(attempt, backoff, problem, retries);
                        return attempt.value().isPresent();
                    });
        } catch (ConditionTimeoutException timedOut) {
            throw new IntegrityApiException("Could not start an integrity run within drill.integrity.timeout=" + settings.timeout()
                    + " (" + retries[0] + " attempts); last problem: " + problem.get()
                    + ". Check that the API at drill.integrity.api-url is up, or raise drill.integrity.timeout.");
        }
        AtomicReference<RunState> last = new AtomicReference<>();
        Duration left = settings.timeout().minus(Duration.between(start, Instant.now()));
        try {
            Awaitility.await("integrity run " + started.get().id() + " ended").atMost(left.isNegative() ? Duration.ofMillis(1) : left)
                    .pollInSameThread().pollDelay(Duration.ZERO).pollInterval(backoff).until(() -> {
                        Attempt<RunState> attempt = client.read(started.get());
                        attempt.value().ifPresent(state -> {
                            last.set(state);
                            onState.accept(state);
                        });
                        note(attempt, backoff, problem, retries);
                        return attempt.value().map(RunState::terminal).orElse(false);
                    });
        } catch (ConditionTimeoutException timedOut) {
            Duration waited = Duration.between(start, Instant.now());
            throw new IntegrityApiException(String.format("Integrity run %s did not end within drill.integrity.timeout=%s: still %s"
                            + " after %.1f s%s. Raise drill.integrity.timeout if runs of this catalog take longer, or read the API's logs"
                            + " for run %s.", started.get().id(), settings.timeout(),
                    Optional.ofNullable(last.get()).map(RunState::status).orElse("unread"), waited.toMillis() / 1000.0,
                    problem.get().isEmpty() ? "" : " (last problem: " + problem.get() + ")", started.get().id()));
        }
        return new Outcome(started.get(), last.get(), Duration.between(start, Instant.now()), retries[0]);
    }

    private static void note(Attempt<?> attempt, Backoff backoff, AtomicReference<String> problem, int[] retries) {
        if (attempt.value().isEmpty()) {
            retries[0]++;
            problem.set(attempt.retryReason());
            attempt.retryAfter().ifPresent(backoff::atLeast);
        }
    }

    /** The poll interval, stretched once to a Retry-After the API asked for. */
    static final class Backoff implements PollInterval {

        private final Duration interval;
        private Duration pending;

        Backoff(Duration interval) {
            this.interval = interval;
        }

        void atLeast(Duration retryAfter) {
            pending = retryAfter.compareTo(interval) > 0 ? retryAfter : null;
        }

        @Override
        public Duration next(int pollCount, Duration previousDuration) {
            Duration next = pending == null ? interval : pending;
            pending = null;
            return next;
        }
    }
}
