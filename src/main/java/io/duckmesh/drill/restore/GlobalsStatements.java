package io.duckmesh.drill.restore;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a globals file may hold before psql runs it as a superuser on the restore server: only what
 * pg_dumpall --globals-only writes. The file is read as psql reads it (quoted names and strings, line
 * comments, statements ended by a semicolon) and every statement must be a role, membership, role
 * setting or tablespace statement, or one of the SETs pg_dumpall starts with. Anything psql would read
 * otherwise (a backslash command, dollar quoting, an escape string, a variable) and any other statement
 * (a COPY ... TO PROGRAM, a function, a DO block) is refused by its line, so a file rewritten beside the
 * dump cannot run code on this machine or on the restore server.
 */
public final class GlobalsStatements {

    private static final List<Pattern> ALLOWED = List.of(
            Pattern.compile("SET (default_transaction_read_only|client_encoding|row_security|xmloption|client_min_messages"
                    + "|lock_timeout|statement_timeout|idle_in_transaction_session_timeout) = [^;]*", Pattern.DOTALL),
            Pattern.compile("SET standard_conforming_strings = on"),
            Pattern.compile("(CREATE|ALTER) ROLE .*", Pattern.DOTALL),
            Pattern.compile("COMMENT ON (ROLE|TABLESPACE) .*", Pattern.DOTALL),
            Pattern.compile("SECURITY LABEL FOR \\S+ ON (ROLE|TABLESPACE) .*", Pattern.DOTALL),
            Pattern.compile("(GRANT|REVOKE) .*", Pattern.DOTALL),
            Pattern.compile("(CREATE|ALTER) TABLESPACE .*", Pattern.DOTALL));
    /** A role setting that loads a library from a path: only a name (found in the server's own library folder) is allowed. */
    private static final Pattern LIBRARY_PATH = Pattern.compile("ALTER ROLE .* SET \"?(session|local)_preload_libraries\"? (TO|=) .*/.*",
            Pattern.DOTALL);

    /** CREATE TABLESPACE as pg_dumpall writes it, on one line ending in its location: GlobalsRestore moves that location. */
    private static final Pattern MOVABLE_TABLESPACE = Pattern.compile("CREATE TABLESPACE [^\n]* LOCATION '(?:[^'\n]|'')*'");

    private final List<PsqlScript.Statement> statements = new ArrayList<>();
    private final Optional<String> problem;

    private GlobalsStatements(String text) {
        this.problem = PsqlScript.read(text, "pg_dumpall", statement -> refused(statement.line(), statement.text()), statements);
    }

    /** Reads the file's text; {@link #problem()} says why it must not run, if it must not. */
    public static GlobalsStatements of(String text) {
        return new GlobalsStatements(text);
    }

    public List<PsqlScript.Statement> statements() {
        return List.copyOf(statements);
    }

    /** Why the file must not run: the first line that holds what pg_dumpall --globals-only never writes. */
    public Optional<String> problem() {
        return problem;
    }

    /** Why {@code statement} (without its semicolon) must not run; empty when pg_dumpall --globals-only writes such statements. */
    private static Optional<String> refused(int line, String statement) {
        if (ALLOWED.stream().noneMatch(allowed -> allowed.matcher(statement).matches())) {
            String words = String.join(" ", List.of(statement.split("\\s+")).subList(0, Math.min(3, statement.split("\\s+").length)));
            return Optional.of("line " + line + " is a statement that begins " + GlobalsRestore.hide(words) + ", which pg_dumpall"
                    + " --globals-only never writes (it writes roles, memberships, role settings and tablespaces) and which would run"
                    + " as a superuser on the restore server");
        }
        if (statement.startsWith("CREATE TABLESPACE ") && !MOVABLE_TABLESPACE.matcher(statement).matches()) {
            return Optional.of("line " + line + " creates a tablespace whose location is not one quoted path at the end of one line, as"
                    + " pg_dumpall writes it, so the drill cannot move it into a folder of its own");
        }
        if (LIBRARY_PATH.matcher(statement).matches()) {
            return Optional.of("line " + line + " sets a role's preload libraries to a path, which would load that file into the"
                    + " restore server (only a library's name, from the server's own library folder, is restored)");
        }
        return Optional.empty();
    }
}
