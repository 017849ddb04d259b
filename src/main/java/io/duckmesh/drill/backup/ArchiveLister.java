package io.duckmesh.drill.backup;

import io.duckmesh.drill.postgres.Command;
import io.duckmesh.drill.postgres.CommandResult;
import io.duckmesh.drill.postgres.CommandRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Reads a dump's table of contents with {@code pg_restore --list}: proof the archive is readable. */
public final class ArchiveLister {

    private final Path pgRestore;
    private final CommandRunner runner;

    public ArchiveLister(Path pgRestore, CommandRunner runner) {
        this.pgRestore = pgRestore;
        this.runner = runner;
    }

    public Command command(Path dump) {
        return new Command(pgRestore, List.of("--list", dump.toString()), Map.of(), Map.of());
    }

    /** The table of contents; throws with pg_restore's words when the archive cannot be read. */
    public List<String> entries(Path dump, Duration timeout) {
        CommandResult result = runner.run(command(dump), timeout);
        if (!result.succeeded()) {
            throw new IllegalStateException("pg_restore --list cannot read the dump " + dump + ": "
                    + result.outputHead(5) + System.lineSeparator() + "Take a new dump; this file is not a usable archive.");
        }
        return result.output().lines().filter(line -> !line.isBlank() && !line.startsWith(";")).toList();
    }
}
