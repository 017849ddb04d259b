package io.duckmesh.drill.restore;

import io.duckmesh.drill.postgres.Command;
import io.duckmesh.drill.postgres.CommandResult;
import io.duckmesh.drill.postgres.CommandRunner;
import io.duckmesh.drill.postgres.PgEndpoint;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Restores a dump with {@code pg_restore --exit-on-error} into an empty throwaway database. Owners
 * and grants are restored only where the drill created the source's roles first; elsewhere
 * ({@code --no-owner --no-privileges}) roles missing on the target cannot break the restore.
 *
 * @param jobs pg_restore --jobs (parallel restore of a custom file or a directory dump); 1 for none
 */
public record Restorer(Path pgRestore, CommandRunner runner, Duration timeout, int jobs) {

    public Command command(PgEndpoint target, Path dump, boolean ownership) {
        List<String> arguments = new java.util.ArrayList<>(List.of("--exit-on-error", "--verbose", "--no-password"));
        if (jobs > 1) {
            arguments.add("--jobs=" + jobs);
        }
        if (!ownership) {
            arguments.addAll(List.of("--no-owner", "--no-privileges"));
        }
        arguments.addAll(List.of("--host=" + target.host(), "--port=" + target.port(), "--username=" + target.user(),
                "--dbname=" + target.database(), dump.toString()));
        return Command.of(pgRestore, arguments, target);
    }

    /** Runs pg_restore; the result holds the log and the duration (the RTO figure). */
    public CommandResult restore(PgEndpoint target, Path dump, boolean ownership) {
        return restore(target, dump, ownership, line -> { });
    }

    /** Runs pg_restore, handing each line of its --verbose log to {@code progress} as it is written. */
    public CommandResult restore(PgEndpoint target, Path dump, boolean ownership, java.util.function.Consumer<String> progress) {
        return runner.run(command(target, dump, ownership), timeout, progress);
    }

    /** The lines of a restore log that say what went wrong. */
    public static String errorLines(CommandResult result) {
        List<String> errors = result.output().lines()
                .filter(line -> line.contains("error") || line.contains("ERROR") || line.contains("FATAL") || line.startsWith("Command was:"))
                .limit(8).toList();
        return errors.isEmpty() ? result.outputHead(8) : String.join(System.lineSeparator(), errors);
    }
}
