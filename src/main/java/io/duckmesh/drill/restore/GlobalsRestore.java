package io.duckmesh.drill.restore;

import io.duckmesh.drill.inspect.GlobalsInventory;
import io.duckmesh.drill.inspect.SchemaObject;
import io.duckmesh.drill.postgres.Command;
import io.duckmesh.drill.postgres.CommandResult;
import io.duckmesh.drill.postgres.CommandRunner;
import io.duckmesh.drill.postgres.PgEndpoint;
import io.duckmesh.drill.postgres.PgSessions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Restores a globals file (pg_dumpall --globals-only) onto a server the drill owns alone, as
 * PostgreSQL's documentation does it: psql runs the whole file without stopping at an error. A
 * tablespace is created in a folder of the drill's own (its location on the source is another
 * machine's). What the server refused is told apart: statements on its own roles (its bootstrap
 * superuser: CREATE ROLE fails, as pg_dumpall's comments foresee) are expected; any other is a global
 * the backup does not restore.
 */
public record GlobalsRestore(Path psql, CommandRunner runner, PgSessions sessions, Duration timeout) {

    private static final Pattern ERROR = Pattern.compile("^psql:[^:]*:(\\d+): (?:ERROR|FATAL):\\s+(.*)$");
    private static final Pattern LOCATION = Pattern.compile("^(CREATE TABLESPACE .* LOCATION )'(?:[^']|'')*';$");
    private static final Pattern PASSWORD = Pattern.compile("PASSWORD '(?:[^']|'')*'");

    /**
     * What the restore did: the server's own roles (before), the statements it refused that were
     * expected, and those that were not (each "line N: statement: error", passwords hidden).
     */
    public record Restored(PgEndpoint server, Set<String> serversOwnRoles, List<String> expected, List<String> refused,
                           CommandResult log) {
    }

    /**
     * @param admin      the maintenance database of the server to restore onto, as a superuser
     * @param workFolder a private folder of the drill's for the rewritten file and the tablespaces' folders
     */
    public Restored restore(PgEndpoint admin, Path globals, Path workFolder) throws SQLException {
        Set<String> own = new TreeSet<>(roles(admin));
        List<String> lines = read(globals);
        GlobalsStatements.of(String.join("\n", lines)).problem().ifPresent(problem -> {
            throw io.duckmesh.drill.result.DrillFailure.of(io.duckmesh.drill.result.FailureCategory.BACKUP_FAILURE,
                    "The globals file " + globals + ": " + problem + "; the file was not restored, and nothing of it ran. Do not trust"
                            + " the backup: find out who changed the file, and take a new backup.");
        });
        Path script = rewrite(lines, workFolder);
        CommandResult log;
        try {
            log = runner.run(Command.of(psql, List.of("-X", "-q", "--no-password", "-v", "ON_ERROR_STOP=0", "--host=" + admin.host(),
                    "--port=" + admin.port(), "--username=" + admin.user(), "--dbname=" + admin.database(), "-f", script.toString()),
                    admin), timeout);
        } finally {
            script.toFile().delete();
        }
        if (log.timedOut() || (log.exitCode() != 0 && !log.output().contains("ERROR:"))) {
            throw new IllegalStateException("psql could not restore the globals file " + globals + " onto " + admin + " ("
                    + log.display() + "):" + System.lineSeparator() + hide(log.outputHead(8)));
        }
        List<String> expected = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (String line : log.output().lines().toList()) {
            Matcher error = ERROR.matcher(line);
            if (!error.matches()) {
                continue;
            }
            int number = Integer.parseInt(error.group(1));
            String statement = number >= 1 && number <= lines.size() ? lines.get(number - 1) : "(line " + number + ")";
            String said = "line " + number + ": " + hide(statement) + ": " + error.group(2);
            (aboutOwnRole(statement, own) ? expected : refused).add(said);
        }
        return new Restored(admin, own, expected, refused, log);
    }

    /** The globals of the server, read in its maintenance database. */
    public List<SchemaObject> globals(PgEndpoint admin) throws SQLException {
        try (Connection connection = sessions.openReadOnly(admin)) {
            return new GlobalsInventory().objects(connection);
        }
    }

    private List<String> roles(PgEndpoint admin) throws SQLException {
        return GlobalsInventory.roles(globals(admin));
    }

    /** CREATE ROLE or ALTER ROLE of a role the server had before (pg_dumpall writes names as quote_ident does). */
    private static boolean aboutOwnRole(String statement, Set<String> own) {
        return own.stream().anyMatch(role -> statement.startsWith("CREATE ROLE " + role + ";")
                || statement.startsWith("ALTER ROLE " + role + " "));
    }

    /** The file (its statements checked by {@link GlobalsStatements}) with each tablespace's location replaced by a new folder under {@code workFolder}. */
    private static Path rewrite(List<String> lines, Path workFolder) {
        try {
            Files.createDirectories(workFolder);
            List<String> rewritten = new ArrayList<>();
            int tablespaces = 0;
            for (int number = 1; number <= lines.size(); number++) {
                String line = lines.get(number - 1);
                Matcher location = LOCATION.matcher(line);
                if (location.matches()) {
                    Path folder = Files.createDirectories(workFolder.resolve("tablespace-" + ++tablespaces));
                    rewritten.add(location.group(1) + literal(folder.toString()) + ";");
                } else {
                    rewritten.add(line);
                }
            }
            Path script = Files.createTempFile(workFolder, "globals-", ".sql");
            Files.write(script, rewritten);
            return script;
        } catch (IOException cannotWrite) {
            throw new UncheckedIOException("Cannot prepare the globals file for psql in " + workFolder, cannotWrite);
        }
    }

    private static List<String> read(Path globals) {
        try {
            return Files.readAllLines(globals);
        } catch (IOException unreadable) {
            throw new UncheckedIOException("Cannot read the globals file " + globals, unreadable);
        }
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    /** A statement as it may be shown: any password hash in it replaced. */
    public static String hide(String text) {
        return PASSWORD.matcher(text).replaceAll("PASSWORD '(hidden)'");
    }
}
