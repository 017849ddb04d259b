package io.duckmesh.drill.restore;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the drill runs, as a superuser, of an archive's own SQL when SchemaParity replays its owners,
 * privileges and database settings on the restored copy: only what pg_restore writes for those entries,
 * read as psql reads it (PsqlScript). A crafted archive can carry any SQL in an entry's definition; a
 * statement of any other kind (a COPY ... TO PROGRAM, a function call, a second statement on the line)
 * is refused by its line before anything of the replay runs.
 */
public final class ArchiveStatements {

    /** pg_restore's script of ACL and DEFAULT ACL entries: the SETs it starts with, grants, revokes, and the grantor's session. */
    private static final List<Pattern> PRIVILEGES = List.of(
            Pattern.compile("SET (statement_timeout|lock_timeout|idle_in_transaction_session_timeout|transaction_timeout"
                    + "|client_encoding|standard_conforming_strings|check_function_bodies|xmloption|client_min_messages|row_security"
                    + "|default_tablespace|default_table_access_method) = [^;]*", Pattern.DOTALL),
            Pattern.compile("SELECT pg_catalog\\.set_config\\('search_path', '', false\\)"),
            Pattern.compile("(GRANT|REVOKE) .*", Pattern.DOTALL),
            Pattern.compile("ALTER DEFAULT PRIVILEGES .*", Pattern.DOTALL),
            Pattern.compile("SET SESSION AUTHORIZATION \\S.*", Pattern.DOTALL),
            Pattern.compile("RESET SESSION AUTHORIZATION"));
    /** A database setting of the archive's DATABASE PROPERTIES, as pg_restore --create writes it. */
    private static final List<Pattern> SETTING = List.of(
            Pattern.compile("ALTER DATABASE .* (SET|RESET) .*", Pattern.DOTALL),
            Pattern.compile("ALTER ROLE .* IN DATABASE .* (SET|RESET) .*", Pattern.DOTALL));

    private ArchiveStatements() {
    }

    /** The statements of pg_restore's script of the archive's ACL and DEFAULT ACL entries; throws naming the first it never writes. */
    public static List<String> privileges(String script) {
        return read(script, PRIVILEGES, "ACL and DEFAULT ACL entries");
    }

    /** {@code line}, one database setting statement of the archive's DATABASE PROPERTIES; throws when it is anything else. */
    public static String setting(String line) {
        List<String> statements = read(line, SETTING, "database settings");
        if (statements.size() != 1) {
            throw refused("database settings", "the line " + line.length() + " characters long holds " + statements.size()
                    + " statements, where pg_restore writes one");
        }
        return statements.get(0);
    }

    private static List<String> read(String script, List<Pattern> allowed, String what) {
        List<PsqlScript.Statement> statements = new ArrayList<>();
        Optional<String> problem = PsqlScript.read(script, "pg_restore", statement -> allowed.stream()
                .anyMatch(pattern -> pattern.matcher(statement.text()).matches()) ? Optional.empty()
                : Optional.of("line " + statement.line() + " is a statement that begins " + firstWords(statement.text())
                        + ", which pg_restore never writes for " + what), statements);
        if (problem.isPresent()) {
            throw refused(what, problem.get());
        }
        return statements.stream().map(PsqlScript.Statement::text).toList();
    }

    private static IllegalStateException refused(String what, String problem) {
        return new IllegalStateException("The archive's " + what + " hold what pg_restore never writes for them: " + problem
                + ". The drill does not run it, as it would run as a superuser: the dump was not written by pg_dump or was"
                + " changed since. Take a new backup (make backup) or drill an older one.");
    }

    /** The first three words, hidden as GlobalsRestore hides a password. */
    private static String firstWords(String statement) {
        String[] words = statement.split("\\s+");
        return GlobalsRestore.hide(String.join(" ", List.of(words).subList(0, Math.min(3, words.length))));
    }
}
