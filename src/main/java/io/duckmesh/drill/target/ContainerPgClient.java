package io.duckmesh.drill.target;

import io.duckmesh.drill.postgres.CommandResult;
import io.duckmesh.drill.postgres.PgClient;
import io.duckmesh.drill.postgres.PgEndpoint;
import io.duckmesh.drill.postgres.PgTools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.testcontainers.utility.MountableFile;

/**
 * Runs pg_dump, pg_restore and psql inside the drill's container (execInContainer), over the
 * container's local socket, so the client always matches the server and this machine needs no
 * PostgreSQL tools. The dump is copied out to this machine.
 */
public final class ContainerPgClient implements PgClient {

    private static final String WORK_DIR = "/tmp/drill";
    private final io.duckmesh.drill.backup.FileMode mode;

    private final ContainerServer server;
    private final Duration dumpTimeout;
    private final Duration restoreTimeout;
    private final int restoreJobs;
    private final ContainerExec exec;

    /** @param restoreJobs pg_restore --jobs inside the container (drill.restore.jobs) */
    /** @param mode who may read the files copied out of the container (drill.dump.mode) */
    public ContainerPgClient(ContainerServer server, Duration dumpTimeout, Duration restoreTimeout, int restoreJobs,
                             io.duckmesh.drill.backup.FileMode mode) {
        this.mode = mode;
        this.server = server;
        this.dumpTimeout = dumpTimeout;
        this.restoreTimeout = restoreTimeout;
        this.restoreJobs = restoreJobs;
        this.exec = new ContainerExec(server);
    }

    @Override
    public String describe() {
        return "client programs inside " + server;
    }

    @Override
    public PgTools.ToolVersion pgDumpVersion() {
        return version("pg_dump");
    }

    @Override
    public PgTools.ToolVersion pgRestoreVersion() {
        return version("pg_restore");
    }

    private PgTools.ToolVersion version(String program) {
        CommandResult result = exec(List.of(program, "--version"), Duration.ofSeconds(30));
        if (!result.succeeded()) {
            throw new IllegalStateException(program + " --version failed inside " + server + ": " + result.outputHead(3));
        }
        return PgTools.ToolVersion.parse(Path.of(program), result.output().trim());
    }

    private static List<String> dumpArguments(PgEndpoint source, String inside, Optional<String> snapshot) {
        List<String> arguments = new ArrayList<>(List.of("pg_dump", "--format=custom", "--verbose", "--username=" + source.user(),
                "--dbname=" + source.database(), "--file=" + inside));
        snapshot.ifPresent(id -> arguments.add("--snapshot=" + id));
        return arguments;
    }

    @Override
    public String dumpCommand(PgEndpoint source, Path file, Optional<String> snapshot) {
        return "docker exec <container> " + String.join(" ", dumpArguments(source, inside(file), snapshot))
                + " && docker cp <container>:" + inside(file) + " " + file;
    }

    @Override
    public CommandResult dump(PgEndpoint source, Path file, Optional<String> snapshot) {
        CommandResult result = exec(List.of("sh", "-c", "mkdir -p " + WORK_DIR + " && PGOPTIONS='-c default_transaction_read_only=on' exec "
                + String.join(" ", dumpArguments(source, inside(file), snapshot).stream().map(ContainerPgClient::quote).toList())),
                dumpTimeout);
        if (!result.succeeded()) {
            throw new IllegalStateException("pg_dump of " + source + " inside " + server + " " + (result.timedOut()
                    ? "did not finish within drill.timeout.pg-dump=" + dumpTimeout : "exited with " + result.exitCode())
                    + ":" + System.lineSeparator() + result.outputHead(8));
        }
        copyOut(file);
        return result;
    }

    @Override
    public CommandResult dumpGlobals(PgEndpoint source, Path file, boolean passwords) {
        CommandResult result = exec(List.of("sh", "-c", "mkdir -p " + WORK_DIR + " && PGOPTIONS='-c default_transaction_read_only=on' exec "
                + String.join(" ", Stream.concat(Stream.of("pg_dumpall"), io.duckmesh.drill.backup.GlobalsBackup.arguments(
                        source, inside(file), passwords).stream().filter(ContainerPgClient::overTheSocket))
                        .map(ContainerPgClient::quote).toList())), dumpTimeout);
        if (!result.succeeded()) {
            throw new IllegalStateException("pg_dumpall --globals-only of " + source + " inside " + server + " exited with "
                    + result.exitCode() + ":" + System.lineSeparator() + result.outputHead(8));
        }
        copyOut(file);
        return result;
    }

    /** Inside the container the client reaches the server over its socket: the host's mapped address is no use there. */
    private static boolean overTheSocket(String argument) {
        return !argument.startsWith("--host=") && !argument.startsWith("--port=");
    }

    /** Copies what the container wrote to {@code file}'s name in its work folder out to {@code file}, whole or not at all. */
    private void copyOut(Path file) {
        mode.createFolders(file.getParent());
        Path partial = mode.createEmpty(file.resolveSibling(file.getFileName() + ".partial"));
        try {
            server.container().copyFileFromContainer(inside(file), in -> {
                try (java.io.OutputStream out = Files.newOutputStream(partial, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
                    return in.transferTo(out);
                }
            });
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException cannotCopy) {
            throw new UncheckedIOException("Cannot copy " + file.getFileName() + " out of " + server + " to " + file
                    + "; check drill.dump.dir and free disk space", cannotCopy);
        }
    }

    @Override
    public String listCommand(Path file) {
        return "docker exec <container> pg_restore --list " + inside(file);
    }

    @Override
    public List<String> list(Path file) {
        syncIntoContainer(file);
        CommandResult result = exec(List.of("pg_restore", "--list", inside(file)), restoreTimeout);
        if (!result.succeeded()) {
            throw new IllegalStateException("pg_restore --list cannot read the dump " + file + " inside " + server + ": "
                    + result.outputHead(5) + System.lineSeparator() + "Take a new dump; this file is not a usable archive.");
        }
        return result.output().lines().filter(line -> !line.isBlank() && !line.startsWith(";")).toList();
    }

    private List<String> restoreArguments(PgEndpoint target, String inside, boolean ownership) {
        List<String> arguments = new ArrayList<>(List.of("pg_restore", "--exit-on-error", "--verbose"));
        if (restoreJobs > 1) {
            arguments.add("--jobs=" + restoreJobs);
        }
        if (!ownership) {
            arguments.addAll(List.of("--no-owner", "--no-privileges"));
        }
        arguments.addAll(List.of("--username=" + target.user(), "--dbname=" + target.database(), inside));
        return arguments;
    }

    @Override
    public String restoreCommand(PgEndpoint target, Path file, boolean ownership) {
        return "docker exec <container> " + String.join(" ", restoreArguments(target, inside(file), ownership));
    }

    @Override
    public CommandResult restore(PgEndpoint target, Path file, boolean ownership) {
        syncIntoContainer(file);
        return exec(restoreArguments(target, inside(file), ownership), restoreTimeout);
    }

    @Override
    public String entriesSql(Path file, List<String> entries) {
        syncIntoContainer(file);
        String list = WORK_DIR + "/entries.list";
        server.container().copyFileToContainer(org.testcontainers.images.builder.Transferable.of(
                String.join("\n", entries) + "\n"), list);
        CommandResult result = exec(List.of("pg_restore", "--use-list=" + list, "--file=-", inside(file)), restoreTimeout);
        if (!result.succeeded()) {
            throw new IllegalStateException("pg_restore --use-list could not read " + file + " inside " + server + ": "
                    + result.outputHead(5));
        }
        return result.output();
    }

    /** Ends the pg_dump running inside the container (by its /proc entry, so the image needs no procps). */
    @Override
    public void cancelRunning() {
        CommandResult result = exec(List.of("sh", "-c", "for p in /proc/[0-9]*; do [ \"$(cat $p/comm 2>/dev/null)\" = pg_dump ]"
                + " && kill ${p#/proc/}; done; true"), Duration.ofSeconds(30));
        if (!result.succeeded()) {
            throw new IllegalStateException("Could not stop pg_dump inside " + server + ": " + result.outputHead(3));
        }
    }

    @Override
    public void runScript(PgEndpoint database, Path script) {
        String inside = WORK_DIR + "/" + script.getFileName();
        server.container().copyFileToContainer(MountableFile.forHostPath(script), inside);
        CommandResult result = exec(List.of("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "--username=" + database.user(),
                "--dbname=" + database.database(), "-f", inside), Duration.ofMinutes(10));
        if (!result.succeeded()) {
            throw new IllegalStateException("Loading " + script + " inside " + server + " failed:" + System.lineSeparator()
                    + result.outputHead(10));
        }
    }

    /** The drill verifies the file on this machine; restoring from it means putting exactly that file back in. */
    private void syncIntoContainer(Path file) {
        server.container().copyFileToContainer(MountableFile.forHostPath(file), inside(file));
    }

    private static String inside(Path file) {
        return WORK_DIR + "/" + file.getFileName();
    }

    private CommandResult exec(List<String> command, Duration timeout) {
        return exec.run(command, timeout);
    }

    private static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    @Override
    public Duration dumpTimeout() {
        return dumpTimeout;
    }
}
