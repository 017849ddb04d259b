package io.duckmesh.drill.restore;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * SQL text read as psql reads it, before the drill runs it as a superuser: quoted names and strings,
 * line comments, statements ended by a semicolon. Anything psql would read otherwise (a backslash
 * command but pg_dump's own restrict and unrestrict, dollar quoting, an escape string, a variable, a
 * block comment) is refused by its line, since pg_dump's tools never write them in what the drill runs;
 * each statement is then judged by the caller's rule.
 */
public final class PsqlScript {

    /** The only psql commands pg_dump's tools write (15.14 and later): \\restrict and \\unrestrict with their key. */
    private static final Pattern RESTRICT = Pattern.compile("\\\\(?:un)?restrict [A-Za-z0-9]+");

    /** A statement (its semicolon included once read; without it when judged) and the line it starts on. */
    public record Statement(int line, String text) {
    }

    private PsqlScript() {
    }

    /**
     * Reads {@code text} into {@code statements}, each checked by {@code refused}; the first reason it must not run, if any.
     *
     * @param writer the tool that wrote the text ("pg_dumpall"), named in the reasons
     */
    public static Optional<String> read(String text, String writer, Function<Statement, Optional<String>> refused,
                                        List<Statement> statements) {
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
                return Optional.of("line " + line + " is the psql command " + command.split("\\s")[0] + ", which " + writer
                        + " never writes and psql would run on this machine");
            }
            if (c == '$' || c == ':' || (c == '/' && i + 1 < text.length() && text.charAt(i + 1) == '*')
                    || ((c == 'E' || c == 'e') && i + 1 < text.length() && text.charAt(i + 1) == '\''
                    && (statement.length() == 0 || !isIdentifierPart(statement.charAt(statement.length() - 1))))) {
                return Optional.of("line " + line + " holds " + (c == '/' ? "/*" : c == '$' ? "$" : c == ':' ? ":" : c + "'")
                        + " outside a quoted name or string, which " + writer + " never writes (psql would read it as "
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
                Optional<String> problem = refused.apply(new Statement(startLine, done));
                if (problem.isPresent()) {
                    return problem;
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
