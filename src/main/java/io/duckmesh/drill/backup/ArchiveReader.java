package io.duckmesh.drill.backup;

import io.duckmesh.drill.postgres.Command;
import io.duckmesh.drill.postgres.CommandResult;
import io.duckmesh.drill.postgres.CommandRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Reads a dump with pg_restore, without a server: its table of contents ({@code pg_restore --list}, proof
 * the archive is readable) and the SQL it carries for some of its entries, as pg_restore writes it
 * ({@code pg_restore --use-list=<those entries> --file=<script>}).
 */
public record ArchiveReader(Path pgRestore, CommandRunner runner) {

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

    /** The SQL of {@code entries} (lines of {@code pg_restore --list}) of {@code dump}. */
    public String script(Path dump, List<String> entries, Duration timeout) {
        return script(dump, entries, false, timeout);
    }

    /**
     * The SQL of {@code entries} of {@code dump}; with {@code create}, also the CREATE DATABASE and the
     * DATABASE PROPERTIES (the database's settings) that pg_restore writes only with --create.
     */
    public String script(Path dump, List<String> entries, boolean create, Duration timeout) {
        try {
            Path list = Files.createTempFile("drill-entries-", ".list");
            Path script = Files.createTempFile("drill-entries-", ".sql");
            try {
                Files.write(list, entries, StandardCharsets.UTF_8);
                List<String> arguments = new java.util.ArrayList<>(List.of("--use-list=" + list, "--file=" + script));
                if (create) {
                    arguments.add("--create");
                }
                arguments.add(dump.toString());
                CommandResult result = runner.run(new Command(pgRestore, arguments, Map.of(), Map.of()), timeout);
                if (!result.succeeded()) {
                    throw new IllegalStateException("pg_restore cannot write the SQL of " + entries.size() + " entries of " + dump + ": "
                            + result.outputHead(5));
                }
                return Files.readString(script, StandardCharsets.UTF_8);
            } finally {
                Files.deleteIfExists(list);
                Files.deleteIfExists(script);
            }
        } catch (IOException unwritable) {
            throw new UncheckedIOException("Cannot write pg_restore's entry list in java.io.tmpdir", unwritable);
        }
    }
}
