package io.duckmesh.drill.selftest;

import static io.duckmesh.drill.selftest.DrillOutcome.assertThatDrill;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a restore server the drill owns, pg_restore runs as a role of the run's that is not a superuser, so
 * the code a dump carries runs without the server's rights; a dump that needs a superuser is refused,
 * by name, unless drill.restore.allow-superuser=true. The catalog of every kind, which needs one for
 * many entries, is refused and then restored in KindsCatalogTest.
 */
class UnprivilegedRestoreTest {

    /**
     * A function that fails when it runs as a superuser in a throwaway database (never on the source),
     * behind an index of a table the superuser owns: CREATE INDEX runs it, as the table's owner, while
     * the dump is restored.
     */
    static final String REFUSES_A_SUPERUSER = "CREATE FUNCTION public.refuse_superuser(v bigint) RETURNS bigint IMMUTABLE"
            + " LANGUAGE plpgsql AS $$ BEGIN IF current_database() LIKE 'drill\\_%' AND (SELECT rolsuper FROM pg_catalog.pg_roles"
            + " WHERE rolname = current_user) THEN RAISE EXCEPTION 'the dump''s code ran as the superuser %', current_user; END IF;"
            + " RETURN v; END $$; CREATE INDEX data_files_refuse_superuser ON public.data_files (public.refuse_superuser(file_id))";

    /** An event trigger: only a superuser may create one, and its function then runs on every role's DDL. */
    static final String EVENT_TRIGGER = "CREATE FUNCTION public.note_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$"
            + " BEGIN RAISE NOTICE 'ddl: %', tg_tag; END $$; CREATE EVENT TRIGGER drill_note_ddl ON ddl_command_end"
            + " EXECUTE FUNCTION public.note_ddl()";

    @TempDir
    Path work;

    @Test
    void theDumpsCodeRunsAsTheRunsRoleThatIsNotASuperuserAndTheDrillPassesWithOwnersProvenFromTheArchive() throws Exception {
        DrillOutcome outcome = DrillRun.in(work).preparingSource(REFUSES_A_SUPERUSER).run();

        assertThatDrill(outcome).passedEveryStage();
        JsonNode summary = outcome.summary();
        assertThat(summary.path("restoredAs").asText()).startsWith("drill_restore_");
        assertThat(summary.path("restoreUserSuperuser").asBoolean(true)).isFalse();
        assertThat(summary.path("ownersProven").asText()).isEqualTo("archive");
    }

    @Test
    void theSameBackupRestoredUnderAllowSuperuserRunsItsCodeAsTheSuperuser() throws Exception {
        DrillOutcome outcome = DrillRun.in(work).preparingSource(REFUSES_A_SUPERUSER).with("drill.restore.allow-superuser", "true").run();

        assertThatDrill(outcome).failedOnlyAt("Restore", "pg_restore of", "the dump's code ran as the superuser");
        assertThat(outcome.summary().path("restoreUserSuperuser").asBoolean(false)).isTrue();
        assertThat(outcome.summary().path("ownersProven").asText()).isEqualTo("restored");
    }

    @Test
    void anEventTriggerIsRefusedByNameBeforePgRestoreRuns() throws Exception {
        DrillOutcome outcome = DrillRun.in(work).preparingSource(EVENT_TRIGGER).run();

        assertThatDrill(outcome).failedOnlyAt("Restore", "needs a superuser to restore 1 of its entries",
                "(drill.restore.allow-superuser=false)", "EVENT TRIGGER - drill_note_ddl postgres (an event trigger",
                "set drill.restore.allow-superuser=true");
        assertThat(outcome.summary().has("restoreSeconds")).as("pg_restore ran: %s", outcome.summary()).isFalse();
    }

    @Test
    void anEventTriggerRestoresUnderAllowSuperuserWithOwnersAndPrivileges() throws Exception {
        DrillOutcome outcome = DrillRun.in(work).preparingSource(EVENT_TRIGGER).with("drill.restore.allow-superuser", "true").run();

        assertThatDrill(outcome).passedEveryStage();
        assertThat(outcome.summary().path("restoredAs").asText()).isEqualTo("postgres");
        assertThat(outcome.summary().path("ownersProven").asText()).isEqualTo("restored");
    }

    /** What the table of contents cannot show (a function in an untrusted language) pg_restore refuses, and the message says why. */
    @Test
    void anEntryOnlyPgRestoreFindsNeedingASuperuserFailsRestoreNamingTheSetting() throws Exception {
        DrillOutcome outcome = DrillRun.in(work).preparingSource("CREATE FUNCTION public.drill_lower(text) RETURNS text"
                + " LANGUAGE internal IMMUTABLE STRICT AS 'lower'").run();

        assertThatDrill(outcome).failedOnlyAt("Restore", "pg_restore of", "permission denied for language internal",
                "a role of this run's that is not a superuser (drill.restore.allow-superuser=false)",
                "set drill.restore.allow-superuser=true");
    }
}
