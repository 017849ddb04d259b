package io.duckmesh.drill.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Of an archive's ACL entries and database settings the drill runs, as a superuser, only what pg_restore writes for them. */
class ArchiveStatementsTest {

    /** pg_restore 15's script of ACL and DEFAULT ACL entries (pg_restore --use-list=<ACL entries> --file=-), restrict key included. */
    static final String ACL_SCRIPT = String.join("\n",
            "--",
            "-- PostgreSQL database dump",
            "--",
            "",
            "\\restrict 4fQ9aZ",
            "",
            "SET statement_timeout = 0;",
            "SET lock_timeout = 0;",
            "SET idle_in_transaction_session_timeout = 0;",
            "SET client_encoding = 'UTF8';",
            "SET standard_conforming_strings = on;",
            "SELECT pg_catalog.set_config('search_path', '', false);",
            "SET check_function_bodies = false;",
            "SET xmloption = content;",
            "SET client_min_messages = warning;",
            "SET row_security = off;",
            "",
            "--",
            "-- Name: TABLE accounts; Type: ACL; Schema: kinds; Owner: kinds_owner",
            "--",
            "",
            "GRANT SELECT ON TABLE kinds.accounts TO kinds_reader;",
            "REVOKE ALL ON FUNCTION kinds.\"mood;of\"(integer) FROM PUBLIC;",
            "SET SESSION AUTHORIZATION kinds_owner;",
            "GRANT UPDATE(\"owner name\") ON TABLE kinds.accounts TO \"the app's role\";",
            "RESET SESSION AUTHORIZATION;",
            "ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA kinds GRANT SELECT ON TABLES TO kinds_reader;",
            "",
            "\\unrestrict 4fQ9aZ",
            "");

    @Test
    void pgRestoresScriptOfPrivilegesRunsStatementByStatement() {
        assertThat(ArchiveStatements.privileges(ACL_SCRIPT)).hasSize(16).contains(
                "GRANT SELECT ON TABLE kinds.accounts TO kinds_reader;",
                "REVOKE ALL ON FUNCTION kinds.\"mood;of\"(integer) FROM PUBLIC;",
                "GRANT UPDATE(\"owner name\") ON TABLE kinds.accounts TO \"the app's role\";",
                "ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA kinds GRANT SELECT ON TABLES TO kinds_reader;");
    }

    @ParameterizedTest
    @ValueSource(strings = {"GRANT SELECT ON TABLE kinds.accounts TO kinds_reader; COPY (SELECT 1) TO PROGRAM 'touch /tmp/x';",
            "SELECT pg_catalog.pg_reload_conf();", "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;",
            "\\! touch /tmp/x", "SET session_preload_libraries = '/tmp/evil.so';", "GRANT SELECT ON t TO r /* ; */;"})
    void anythingElseInTheEntriesIsRefusedBeforeAnyOfItRuns(String crafted) {
        assertThatThrownBy(() -> ArchiveStatements.privileges(ACL_SCRIPT.replace("RESET SESSION AUTHORIZATION;",
                "RESET SESSION AUTHORIZATION;\n" + crafted)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("The archive's ACL and DEFAULT ACL entries hold what pg_restore never writes for them: line 27")
                .hasMessageContaining("Take a new backup (make backup)");
    }

    @Test
    void aDatabaseSettingIsOneStatementOfItsKind() {
        assertThat(ArchiveStatements.setting("ALTER DATABASE zoo_kinds SET search_path TO 'kinds', '$user', public;"))
                .isEqualTo("ALTER DATABASE zoo_kinds SET search_path TO 'kinds', '$user', public;");
        assertThat(ArchiveStatements.setting("ALTER ROLE kinds_reader IN DATABASE zoo_kinds SET work_mem TO '8MB';"))
                .startsWith("ALTER ROLE kinds_reader IN DATABASE");
        assertThatThrownBy(() -> ArchiveStatements.setting("ALTER DATABASE zoo_kinds SET work_mem TO '8MB'; ALTER ROLE postgres"
                + " IN DATABASE zoo_kinds SET work_mem TO '9MB';"))
                .hasMessageContaining("database settings hold what pg_restore never writes for them")
                .hasMessageContaining("holds 2 statements, where pg_restore writes one");
        assertThatThrownBy(() -> ArchiveStatements.setting("ALTER DATABASE zoo_kinds SET work_mem TO '8MB'; SELECT 1;"))
                .hasMessageContaining("line 1 is a statement that begins SELECT 1, which pg_restore never writes for database settings");
    }
}
