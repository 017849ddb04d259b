package io.duckmesh.drill.postgres;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Runs the PostgreSQL client programs for the drill: on this machine, or inside the container that
 * holds the server (so the client always matches it). The dump always ends up as a file on this
 * machine, for its sha256 and retention.
 */
public interface PgClient {

    /** Where the programs run, for messages. */
    String describe();

    /** The version pg_dump reports, such as "pg_dump (PostgreSQL) 15.18". */
    PgTools.ToolVersion pgDumpVersion();

    /** The pg_restore that restores: "pg_restore (PostgreSQL) 15.14". */
    PgTools.ToolVersion pgRestoreVersion();

    /** What {@link #dump} runs, secrets masked. */
    String dumpCommand(PgEndpoint source, Path file, Optional<String> snapshot);

    /**
     * Dumps the source into {@code file} in custom format, in the exported {@code snapshot} when
     * given; throws with pg_dump's words when it fails.
     */
    CommandResult dump(PgEndpoint source, Path file, Optional<String> snapshot);

    /**
     * Writes the cluster's globals into {@code file} (pg_dumpall --globals-only; without the roles'
     * password hashes unless {@code passwords}); throws with pg_dumpall's words when it fails.
     */
    CommandResult dumpGlobals(PgEndpoint source, Path file, boolean passwords);

    /** How long a dump may take (drill.timeout.pg-dump), waiting for its locks included. */
    java.time.Duration dumpTimeout();

    /** What {@link #list} runs. */
    String listCommand(Path file);

    /** The archive's table of contents; throws when pg_restore cannot read it. */
    List<String> list(Path file);

    /** What {@link #restore} runs, secrets masked. */
    String restoreCommand(PgEndpoint target, Path file, boolean ownership);

    /**
     * Restores {@code file} into the target, with owners and privileges when {@code ownership}
     * (the roles must exist there), else with --no-owner --no-privileges; the result holds the log,
     * exit code and duration.
     */
    CommandResult restore(PgEndpoint target, Path file, boolean ownership);

    /** Whether {@link #restore(PgEndpoint, Path, boolean, java.util.function.Consumer)} hands the log over as pg_restore writes it. */
    default boolean streamsRestoreLog() {
        return false;
    }

    /**
     * {@link #restore}, handing each line of pg_restore's --verbose log to {@code progress}: as it is
     * written where the client {@link #streamsRestoreLog streams it}, else all of them once pg_restore has ended.
     */
    default CommandResult restore(PgEndpoint target, Path file, boolean ownership, java.util.function.Consumer<String> progress) {
        CommandResult result = restore(target, file, ownership);
        result.output().lines().forEach(progress);
        return result;
    }

    /** The SQL the archive's chosen entries would run (pg_restore -L with those entries, to standard output). */
    String entriesSql(Path file, List<String> entries);

    /** Stops the client programs still running (pg_dump when the manifest beside it failed). */
    void cancelRunning();

    /** Runs a SQL script file with psql against a database (loading the real-world samples). */
    void runScript(PgEndpoint database, Path script);
}
