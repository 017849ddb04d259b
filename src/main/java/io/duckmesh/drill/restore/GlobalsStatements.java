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

    /** The only psql commands pg_dumpall writes (15.14 and later): \\restrict and \\unrestrict with their key. */
    private static final Pattern RESTRICT = Pattern.compile("\\\\(?:un)?restrict [A-Za-z0-9]+");
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

    /** A statement and the line it starts on. */
    public record Statement(int line, String text) {
    }

    private final List<Statement> statements = new ArrayList<>();
    private final Optional<String> problem;

    private GlobalsStatements(String text) {
        this.problem = read(text);
    }

    /** Reads the file's text; {@link #problem()} says why it must not run, if it must not. */
    public static GlobalsStatements of(String text) {
        return new GlobalsStatements(text);
    }

    public List<Statement> statements() {
        return List.copyOf(statements);
    }

    /** Why the file must not run: the first line that holds what pg_dumpall --globals-only never writes. */
    public Optional<String> problem() {
        return problem;
    }

    private Optional<String> read(String text) {
        StringBuilder statement = new StringBuilder();
        int line = 1;
        int startLine = 0;
        boolean lineStart = true;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (statement.length() == 0 && Character.isWhitespace(c)) {
                if (c == '\n') {
                    line++;
                    lineStart = true;
                }
                continue;
            }
            if (c == '-' && i + 1 < text.length() && text.charAt(i + 1) == '-') {
                int end = text.indexOf('\n', i);
                i = (end < 0 ? text.length() : end) - 1;
                continue;
            }
            if (c == '\\') {
                int end = text.indexOf('\n', i);
                String command = text.substring(i, end < 0 ? text.length() : end).strip();
                if (lineStart && statement.length() == 0 && RESTRICT.matcher(command).matches()) {
                    i = (end < 0 ? text.length() : end) - 1;
                    continue;
                }
                return Optional.of("line " + line + " is the psql command " + command.split("\\s")[0] + ", which pg_dumpall never"
                        + " writes and psql would run on this machine");
            }
            if (c == '$' || c == ':' || (c == '/' && i + 1 < text.length() && text.charAt(i + 1) == '*')
                    || ((c == 'E' || c == 'e') && i + 1 < text.length() && text.charAt(i + 1) == '\''
                    && (statement.length() == 0 || !isIdentifierPart(statement.charAt(statement.length() - 1))))) {
                return Optional.of("line " + line + " holds " + (c == '/' ? "/*" : c == '$' ? "$" : c == ':' ? ":" : c + "'")
                        + " outside a quoted name or string, which pg_dumpall never writes (psql would read it as "
                        + (c == '$' ? "dollar quoting" : c == ':' ? "a variable" : c == '/' ? "a comment" : "an escape string") + ")");
            }
            if (statement.length() == 0) {
                startLine = line;
            }
            lineStart = false;
            if (c == '\'' || c == '"') {
                int end = closing(text, i, c);
                if (end < 0) {
                    return Optional.of("line " + line + " opens a quoted " + (c == '"' ? "name" : "string") + " that never ends");
                }
                String quoted = text.substring(i, end + 1);
                line += (int) quoted.chars().filter(ch -> ch == '\n').count();
                statement.append(quoted);
                i = end;
                continue;
            }
            if (c == ';') {
                String done = statement.toString().strip();
                statement.setLength(0);
                Optional<String> refused = refused(startLine, done);
                if (refused.isPresent()) {
                    return refused;
                }
                statements.add(new Statement(startLine, done + ";"));
                continue;
            }
            if (c == '\n') {
                line++;
                lineStart = true;
            }
            statement.append(c);
        }
        return statement.toString().isBlank() ? Optional.empty()
                : Optional.of("line " + startLine + " starts a statement that never ends (no semicolon)");
    }

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

    /** The index of the quote that closes the one at {@code open} (a doubled quote is part of the text), or -1. */
    private static int closing(String text, int open, char quote) {
        for (int i = open + 1; i < text.length(); i++) {
            if (text.charAt(i) == quote) {
                if (i + 1 < text.length() && text.charAt(i + 1) == quote) {
                    i++;
                    continue;
                }
                return i;
            }
        }
        return -1;
    }

    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
