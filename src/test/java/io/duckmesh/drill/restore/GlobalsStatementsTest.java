package io.duckmesh.drill.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A globals file may hold only what pg_dumpall --globals-only writes; anything else is refused by its line before psql runs it. */
class GlobalsStatementsTest {

    /** pg_dumpall 15's layout, with what its quoting allows inside names and strings (semicolons, dashes, dollars, backslashes). */
    private static final String DUMPALL = """
            --
            -- PostgreSQL database cluster dump
            --

            \\restrict 3RBwZfj2NPAF4Cl8er95i56POVVbRE6U3A39qKfzsYB2508xQauyQeBeXf6hsn1

            SET default_transaction_read_only = off;

            SET client_encoding = 'UTF8';
            SET standard_conforming_strings = on;

            --
            -- Roles
            --

            CREATE ROLE app;
            ALTER ROLE app WITH NOSUPERUSER INHERIT NOCREATEROLE NOCREATEDB LOGIN NOREPLICATION NOBYPASSRLS CONNECTION LIMIT 5 VALID UNTIL '2030-01-01 00:00:00+00' PASSWORD 'SCRAM-SHA-256$4096:c2FsdA==$a:b';
            CREATE ROLE "odd; -- $name\\";
            ALTER ROLE "odd; -- $name\\" WITH NOSUPERUSER NOLOGIN;
            COMMENT ON ROLE app IS 'the app''s role; see -- the runbook
            and $HOME \\n';

            --
            -- User Configurations
            --

            ALTER ROLE app SET search_path TO "$user", 'public';
            ALTER ROLE app SET session_preload_libraries TO 'auto_explain';
            ALTER ROLE app IN DATABASE duckmesh SET work_mem TO '64MB';

            --
            -- Role memberships
            --

            GRANT pg_read_all_data TO app WITH ADMIN OPTION GRANTED BY postgres;

            --
            -- Tablespaces
            --

            CREATE TABLESPACE fast OWNER app LOCATION '/srv/pg/fast';
            ALTER TABLESPACE fast SET (random_page_cost='1.1');
            GRANT ALL ON TABLESPACE fast TO app;
            COMMENT ON TABLESPACE fast IS 'SSD';

            \\unrestrict 3RBwZfj2NPAF4Cl8er95i56POVVbRE6U3A39qKfzsYB2508xQauyQeBeXf6hsn1

            --
            -- PostgreSQL database cluster dump complete
            --

            """;

    @Test
    void whatPgDumpallWritesIsReadStatementByStatementAndRuns() {
        GlobalsStatements read = GlobalsStatements.of(DUMPALL);

        assertThat(read.problem()).isEmpty();
        assertThat(read.statements()).hasSize(16);
        assertThat(read.statements().get(7)).isEqualTo(new PsqlScript.Statement(20, "COMMENT ON ROLE app IS 'the app''s role; see"
                + " -- the runbook\nand $HOME \\n';"));
        assertThat(read.statements().get(11)).isEqualTo(new PsqlScript.Statement(35,
                "GRANT pg_read_all_data TO app WITH ADMIN OPTION GRANTED BY postgres;"));
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("\\! touch /tmp/x", "line 3 is the psql command \\!, which pg_dumpall never writes and psql would run on this machine"),
                Arguments.of("SET client_encoding = 'UTF8'; \\! touch /tmp/x", "line 3 is the psql command \\!"),
                Arguments.of("\\i /etc/passwd", "line 3 is the psql command \\i"),
                Arguments.of("COPY (SELECT 1) TO PROGRAM 'touch /tmp/x';", "line 3 is a statement that begins COPY (SELECT 1), which pg_dumpall"
                        + " --globals-only never writes"),
                Arguments.of("CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';", "line 3 is a statement that begins CREATE FUNCTION"),
                Arguments.of("DO $$BEGIN PERFORM 1; END$$;", "line 3 holds $ outside a quoted name or string"),
                Arguments.of("SET standard_conforming_strings = off;", "line 3 is a statement that begins SET standard_conforming_strings ="),
                Arguments.of("COMMENT ON ROLE app IS E'\\\\';", "line 3 holds E' outside a quoted name or string"),
                Arguments.of("ALTER ROLE app SET work_mem TO :big;", "line 3 holds : outside a quoted name or string"),
                Arguments.of("/* a comment */ CREATE ROLE x;", "line 3 holds /* outside"),
                Arguments.of("ALTER ROLE app SET session_preload_libraries TO '/tmp/evil.so';", "line 3 sets a role's preload libraries to a path"),
                Arguments.of("COMMENT ON ROLE app IS 'never closed;", "line 3 opens a quoted string that never ends"),
                Arguments.of("CREATE TABLESPACE t OWNER app\nLOCATION '/etc';", "line 3 creates a tablespace whose location is not one quoted path"),
                Arguments.of("CREATE TABLESPACE t LOCATION '/srv' WITH (seq_page_cost=1);", "line 3 creates a tablespace whose location"),
                Arguments.of("CREATE ROLE x", "line 3 starts a statement that never ends"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void anythingElseIsRefusedByItsLine(String appended, String problem) {
        String text = "SET client_encoding = 'UTF8';\n\n" + appended + "\n";

        assertThat(GlobalsStatements.of(text).problem()).get().asString().contains(problem);
    }

    @Test
    void passwordsInARefusedStatementAreNotShown() {
        assertThat(GlobalsStatements.of("SELECT 'x' PASSWORD 'SCRAM-SHA-256$secret';").problem()).get().asString()
                .doesNotContain("secret");
    }
}
