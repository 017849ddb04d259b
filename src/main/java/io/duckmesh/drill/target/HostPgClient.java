package io.duckmesh.drill.target;

import io.duckmesh.drill.postgres.PgTools;
import io.duckmesh.drill.postgres.PgEndpoint;
import io.duckmesh.drill.postgres.PgClient;
import io.duckmesh.drill.postgres.CommandRunner;
import io.duckmesh.drill.postgres.CommandResult;
import io.duckmesh.drill.postgres.Command;
import io.duckmesh.drill.backup.ArchiveReader;
import io.duckmesh.drill.backup.DumpFiles;
import io.duckmesh.drill.backup.DumpOptions;
import io.duckmesh.drill.backup.DumpRunner;
import io.duckmesh.drill.restore.Restorer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The client programs found on this machine (drill.pg.bin-dir or the PATH). */
public final class HostPgClient implements PgClient {

    private static final Duration PSQL_TIMEOUT = Duration.ofMinutes(10);

    private final PgTools tools;
    private final CommandRunner runner;
    private final DumpRunner dumpRunner;
    private final ArchiveReader lister;
    private final Restorer restorer;
    private final Duration listTimeout;
    private final Duration dumpTimeout;
    private final io.duckmesh.drill.backup.FileMode mode;

    public HostPgClient(PgTools tools, CommandRunner runner, Duration dumpTimeout, Duration restoreTimeout, DumpOptions options) {
        this.tools = tools;
        this.runner = runner;
        this.dumpRunner = new DumpRunner(require(tools, "pg_dump"), runner, dumpTimeout, options);
        this.dumpTimeout = dumpTimeout;
        this.mode = options.mode();
        Path pgRestore = require(tools, "pg_restore");
        this.lister = new ArchiveReader(pgRestore, runner);
        this.restorer = new Restorer(pgRestore, runner, restoreTimeout, options.restoreJobs());
        this.listTimeout = restoreTimeout;
    }

    private static Path require(PgTools tools, String program) {
        return tools.locate(program).orElseThrow(() -> new IllegalStateException(program + " not found in "
                + tools.whereSearched() + ". Install the PostgreSQL client tools (apt-get install postgresql-client-15)"
                + " or set drill.pg.bin-dir to the folder holding " + program + "."));
    }

    @Override
    public String describe() {
        return "client programs in " + tools.whereSearched();
    }

    @Override
    public PgTools.ToolVersion pgDumpVersion() {
        return tools.version(require(tools, "pg_dump"));
    }

    @Override
    public PgTools.ToolVersion pgRestoreVersion() {
        return tools.version(require(tools, "pg_restore"));
    }

    @Override
    public String dumpCommand(PgEndpoint source, Path file, Optional<String> snapshot) {
        return dumpRunner.command(source, file, snapshot).display();
    }

    @Override
    public CommandResult dump(PgEndpoint source, Path file, Optional<String> snapshot) {
        return dumpRunner.dump(source, file, snapshot);
    }

    @Override
    public CommandResult dumpGlobals(PgEndpoint source, Path file, boolean passwords) {
        Path partial = mode.createEmpty(file.resolveSibling(file.getFileName() + ".partial"));
        CommandResult result = runner.run(Command.of(require(tools, "pg_dumpall"), io.duckmesh.drill.backup.GlobalsBackup.arguments(source,
                partial.toString(), passwords), source).withEnvironment("PGOPTIONS", "-c default_transaction_read_only=on"), dumpTimeout);
        if (!result.succeeded()) {
            partial.toFile().delete();
            throw new IllegalStateException("pg_dumpall --globals-only of " + source + " " + (result.timedOut()
                    ? "did not finish within drill.timeout.pg-dump=" + dumpTimeout : "exited with " + result.exitCode()) + ":"
                    + System.lineSeparator() + result.outputHead(8) + System.lineSeparator() + "The role in drill.source.url must be"
                    + " able to read pg_roles and pg_tablespace (any role can), and a superuser with drill.globals.passwords=true.");
        }
        DumpFiles.moveInPlace(partial, file);
        return result;
    }

    @Override
    public String listCommand(Path file) {
        return lister.command(file).display();
    }

    @Override
    public List<String> list(Path file) {
        return lister.entries(file, listTimeout);
    }

    @Override
    public String restoreCommand(PgEndpoint target, Path file, boolean ownership) {
        return restorer.command(target, file, ownership).display();
    }

    @Override
    public CommandResult restore(PgEndpoint target, Path file, boolean ownership) {
        return restorer.restore(target, file, ownership);
    }

    @Override
    public boolean streamsRestoreLog() {
        return true;
    }

    @Override
    public CommandResult restore(PgEndpoint target, Path file, boolean ownership, java.util.function.Consumer<String> progress) {
        return restorer.restore(target, file, ownership, progress);
    }

    @Override
    public String entriesSql(Path file, List<String> entries) {
        Path list;
        try {
            list = java.nio.file.Files.createTempFile("drill-entries-", ".list");
            java.nio.file.Files.write(list, entries);
        } catch (java.io.IOException cannotWrite) {
            throw new java.io.UncheckedIOException("Cannot write a pg_restore list file to java.io.tmpdir", cannotWrite);
        }
        try {
            CommandResult result = runner.run(new Command(require(tools, "pg_restore"), List.of("--use-list=" + list, "--file=-",
                    file.toString()), java.util.Map.of(), java.util.Map.of()), listTimeout);
            if (!result.succeeded()) {
                throw new IllegalStateException("pg_restore --use-list could not read " + file + ": " + result.outputHead(5));
            }
            return result.output();
        } finally {
            list.toFile().delete();
        }
    }

    @Override
    public void cancelRunning() {
        runner.destroyAll();
    }

    @Override
    public void runScript(PgEndpoint database, Path script) {
        Path psql = require(tools, "psql");
        List<String> arguments = new ArrayList<>(List.of("-X", "-q", "-v", "ON_ERROR_STOP=1",
                "-h", database.host(), "-p", Integer.toString(database.port()), "-U", database.user(),
                "-d", database.database(), "-f", script.toString()));
        CommandResult result = runner.run(Command.of(psql, arguments, database), PSQL_TIMEOUT);
        if (!result.succeeded()) {
            throw new IllegalStateException("Loading " + script + " into " + database + " failed (" + result.display()
                    + "):" + System.lineSeparator() + result.outputHead(10));
        }
    }

    @Override
    public Duration dumpTimeout() {
        return dumpTimeout;
    }
}
