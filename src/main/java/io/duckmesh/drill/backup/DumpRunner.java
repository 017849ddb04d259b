package io.duckmesh.drill.backup;

import io.duckmesh.drill.postgres.Command;
import io.duckmesh.drill.postgres.CommandResult;
import io.duckmesh.drill.postgres.CommandRunner;
import io.duckmesh.drill.postgres.PgEndpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs {@code pg_dump} of the source in custom format (one file) or directory format (a folder,
 * {@code --jobs} sessions at once). The dump is written under a {@code .partial} name and renamed
 * only when pg_dump succeeded, so a failed or killed dump never looks complete.
 */
public record DumpRunner(Path pgDump, CommandRunner runner, Duration timeout, DumpOptions options) {

    public Command command(PgEndpoint source, Path target, Optional<String> snapshot) {
        List<String> arguments = new ArrayList<>(List.of("--format=" + options.format(), "--verbose", "--no-password",
                "--host=" + source.host(), "--port=" + source.port(), "--username=" + source.user(),
                "--dbname=" + source.database(), "--file=" + partial(target)));
        snapshot.ifPresent(id -> arguments.add("--snapshot=" + id));
        if (options.directory() && options.dumpJobs() > 1) {
            arguments.add("--jobs=" + options.dumpJobs());
        }
        return Command.of(pgDump, arguments, source).withEnvironment("PGOPTIONS", "-c default_transaction_read_only=on");
    }

    /** Dumps the source to {@code target}; fails with pg_dump's own words when it fails. */
    public CommandResult dump(PgEndpoint source, Path target, Optional<String> snapshot) {
        options.mode().createFolders(target.getParent());
        Path partial = partial(target);
        if (!options.directory()) {
            // pg_dump writes into the file as it is, so it has drill.dump.mode before its first byte; a directory
            // dump's folder is created 0700 by pg_dump itself, and its files get the mode before it is renamed.
            options.mode().createEmpty(partial);
        }
        CommandResult result = runner.run(command(source, target, snapshot), timeout);
        if (!result.succeeded()) {
            long written = bytes(partial);
            long free = free(target.getParent());
            deleteRecursively(partial);
            if (result.output().contains("No space left on device")) {
                throw new DumpFailedException(String.format("pg_dump of %s ran out of space in drill.dump.dir=%s: %,d bytes free there"
                        + " when it stopped after writing %,d bytes. No partial dump was kept. Free space there or point drill.dump.dir"
                        + " at a bigger file system.", source, target.getParent(), free, written), true);
            }
            String why = result.timedOut()
                    ? "did not finish within drill.timeout.pg-dump=" + timeout
                    : "exited with " + result.exitCode();
            throw new DumpFailedException("pg_dump of " + source + " " + why + ": " + result.display()
                    + System.lineSeparator() + lastLines(result.output(), 8));
        }
        options.mode().apply(partial);
        try {
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException cannotRename) {
            throw new UncheckedIOException("Cannot rename " + partial + " to " + target, cannotRename);
        }
        return result;
    }

    private static long bytes(Path partial) {
        try (var files = Files.isDirectory(partial) ? Files.list(partial) : java.util.stream.Stream.of(partial)) {
            long total = 0;
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                total += Files.size(file);
            }
            return total;
        } catch (IOException unreadable) {
            return 0;
        }
    }

    private static long free(Path folder) {
        try {
            return Files.getFileStore(folder).getUsableSpace();
        } catch (IOException unreadable) {
            return 0;
        }
    }

    private static Path partial(Path target) {
        return target.resolveSibling(target.getFileName() + ".partial");
    }

    private static void deleteRecursively(Path partial) {
        try {
            DumpFiles.delete(partial);
        } catch (IOException cannotDelete) {
            throw new UncheckedIOException("pg_dump failed and its partial output " + partial
                    + " could not be deleted; delete it by hand", cannotDelete);
        }
    }

    static String lastLines(String output, int count) {
        List<String> lines = output.lines().toList();
        return String.join(System.lineSeparator(), lines.subList(Math.max(0, lines.size() - count), lines.size()));
    }

    /** pg_dump failed; the message holds its command (password masked) and last words. */
    public static final class DumpFailedException extends RuntimeException {

        private final boolean outOfSpace;

        public DumpFailedException(String message) {
            this(message, false);
        }

        public DumpFailedException(String message, boolean outOfSpace) {
            super(message);
            this.outOfSpace = outOfSpace;
        }

        /** The dump folder filled up; the caller can add how big the source is. */
        public boolean outOfSpace() {
            return outOfSpace;
        }
    }
}
