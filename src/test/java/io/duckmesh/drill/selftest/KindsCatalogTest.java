package io.duckmesh.drill.selftest;

import static io.duckmesh.drill.selftest.DrillOutcome.assertThatDrill;
import static org.assertj.core.api.Assertions.assertThat;

import io.duckmesh.drill.result.Finding;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalog of every kind pg_dump writes (fixtures/kinds/catalog.sql) drills clean, and a restored
 * copy that lost one object of each kind fails the stage that owns it, naming every object. The
 * same catalog drills clean on the server target in ZooCatalogsTest.
 */
class KindsCatalogTest {

    /** One loss per kind, each on an object no other loss touches. */
    static final String ONE_OF_EACH_LOST = String.join(" ",
            "DROP POLICY accounts_read ON kinds.accounts;",
            "ALTER TABLE kinds.accounts NO FORCE ROW LEVEL SECURITY;",
            "ALTER TABLE kinds.scratch SET LOGGED;",
            "ALTER TABLE kinds.account_log REPLICA IDENTITY DEFAULT;",
            "ALTER MATERIALIZED VIEW kinds.balances RESET (fillfactor);",
            "ALTER INDEX kinds.accounts_city RESET (fillfactor);",
            "ALTER TABLE kinds.login_event NO INHERIT kinds.audit_extra;",
            "ALTER TABLE kinds.accounts ALTER COLUMN owner_name SET STATISTICS -1;",
            "ALTER FOREIGN TABLE kinds.remote_things ALTER COLUMN id OPTIONS (DROP column_name);",
            "ALTER DEFAULT PRIVILEGES IN SCHEMA kinds REVOKE SELECT ON TABLES FROM kinds_reader;",
            "DROP RULE log_account_insert ON kinds.accounts;",
            "DROP STATISTICS kinds.accounts_region_city;",
            "DROP PUBLICATION kinds_schema;",
            "ALTER SUBSCRIPTION kinds_subscription SET (slot_name = NONE); DROP SUBSCRIPTION kinds_subscription;",
            "DROP EVENT TRIGGER kinds_note_ddl;",
            "DROP COLLATION kinds.bytewise;",
            "DROP CONVERSION kinds.latin1_to_utf8;",
            "ALTER OPERATOR kinds.=== (integer, integer) SET (RESTRICT = eqsel);",
            "DROP OPERATOR CLASS kinds.abs_int_ops USING hash;",
            "DROP TEXT SEARCH CONFIGURATION kinds.plain; DROP TEXT SEARCH PARSER kinds.default_copy;",
            "ALTER TEXT SEARCH DICTIONARY kinds.plain_words (ACCEPT = true);",
            "DROP TEXT SEARCH TEMPLATE kinds.unused_template;",
            "DROP CAST (integer AS kinds.mood);",
            "DROP TRANSFORM FOR kinds.mood LANGUAGE plpgsql;",
            "DROP ACCESS METHOD heap_spare;",
            "ALTER FOREIGN DATA WRAPPER kinds_wrapper OPTIONS (DROP debug);",
            "ALTER SERVER kinds_server OPTIONS (SET host 'elsewhere.invalid');",
            "DROP USER MAPPING FOR kinds_reader SERVER kinds_server;");

    /** What SchemaParity names for each loss above, in the same order. */
    /** An object the damaged copy lost or changed, as SchemaParity must name it. */
    record Lost(Finding.Code code, String subject) {
    }

    static final List<Lost> NAMED = List.of(
            new Lost(Finding.Code.SCHEMA_OBJECT_MISSING, "policy kinds.accounts.accounts_read"),
            new Lost(Finding.Code.SCHEMA_OBJECT_DIFFERS, "table options kinds.accounts"),
            new Lost(Finding.Code.SCHEMA_OBJECT_MISSING, "table options kinds.scratch"),
            new Lost(Finding.Code.SCHEMA_OBJECT_MISSING, "table options kinds.account_log"),
            new Lost(Finding.Code.SCHEMA_OBJECT_MISSING, "table options kinds.balances"),
            new Lost(Finding.Code.SCHEMA_OBJECT_DIFFERS, "index kinds.accounts_city"),
            new Lost(Finding.Code.SCHEMA_OBJECT_DIFFERS, "inherits kinds.login_event"),
            new Lost(Finding.Code.SCHEMA_OBJECT_MISSING, "column options kinds.accounts.owner_name"),
            new Lost(Finding.Code.SCHEMA_OBJECT_MISSING, "column options kinds.remote_things.id"),
            new Lost(Finding.Code.SCHEMA_OBJECT_MISSING, "privileges default for role postgres in schema kinds on tables"),
            new Lost(Finding.Code.SCHEMA_OBJECT_MISSING, "rule kinds.accounts.log_account_insert"),
            new Lost(Finding.Code.SCHEMA_OBJECT_MISSING, "statistics kinds.accounts_region_city"),
            new Lost(Finding.Code.SCHEMA_OBJECT_MISSING, "publication kinds_schema"),
            new Lost(Finding.Code.SCHEMA_OBJECT_MISSING, "subscription kinds_subscription"),
            new Lost(Finding.Code.SCHEMA_OBJECT_MISSING, "event trigger kinds_note_ddl"),
            new Lost(Finding.Code.SCHEMA_OBJECT_MISSING, "collation kinds.bytewise"),
            new Lost(Finding.Code.SCHEMA_OBJECT_MISSING, "conversion kinds.latin1_to_utf8"),
            new Lost(Finding.Code.SCHEMA_OBJECT_DIFFERS, "operator kinds.===(integer, integer)"),
            new Lost(Finding.Code.SCHEMA_OBJECT_MISSING, "operator class kinds.abs_int_ops using hash"),
            new Lost(Finding.Code.SCHEMA_OBJECT_MISSING, "text search configuration kinds.plain"),
            new Lost(Finding.Code.SCHEMA_OBJECT_MISSING, "text search parser kinds.default_copy"),
            new Lost(Finding.Code.SCHEMA_OBJECT_DIFFERS, "text search dictionary kinds.plain_words"),
            new Lost(Finding.Code.SCHEMA_OBJECT_MISSING, "text search template kinds.unused_template"),
            new Lost(Finding.Code.SCHEMA_OBJECT_MISSING, "cast integer as kinds.mood"),
            new Lost(Finding.Code.SCHEMA_OBJECT_MISSING, "transform kinds.mood language plpgsql"),
            new Lost(Finding.Code.SCHEMA_OBJECT_MISSING, "access method heap_spare"),
            new Lost(Finding.Code.SCHEMA_OBJECT_DIFFERS, "foreign data wrapper kinds_wrapper"),
            new Lost(Finding.Code.SCHEMA_OBJECT_DIFFERS, "foreign server kinds_server"),
            new Lost(Finding.Code.SCHEMA_OBJECT_MISSING, "user mapping kinds_reader server kinds_server"));

    @TempDir
    Path work;

    /**
     * The catalog has an event trigger, operator classes, a text search parser and template, an access method,
     * a foreign-data wrapper and a subscription, which only a superuser can restore.
     */
    private DrillRun drill() {
        return DrillRun.in(work).with("drill.source.fixture", "kinds").with("drill.restore.allow-superuser", "true");
    }

    @Test
    void withoutAllowSuperuserItIsRefusedBeforePgRestoreRunsNamingEachEntryThatNeedsOne() throws Exception {
        DrillOutcome outcome = DrillRun.in(work).with("drill.source.fixture", "kinds").run();

        assertThatDrill(outcome).failedOnlyAt("Restore", "needs a superuser to restore", "(drill.restore.allow-superuser=false)",
                "EVENT TRIGGER - kinds_note_ddl postgres (an event trigger runs its function on DDL of every role)",
                "OPERATOR CLASS kinds abs_int_ops postgres (an operator class)",
                "OPERATOR FAMILY kinds abs_ops postgres (an operator family)",
                "TEXT SEARCH PARSER kinds default_copy", "TEXT SEARCH TEMPLATE kinds unused_template",
                "ACCESS METHOD - heap_spare", "FOREIGN DATA WRAPPER - kinds_wrapper postgres", "SUBSCRIPTION - kinds_subscription postgres",
                "If you trust whoever wrote this backup, set drill.restore.allow-superuser=true");
        assertThat(outcome.summary().has("restoreSeconds")).as("pg_restore ran: %s", outcome.summary()).isFalse();
    }

    @Test
    void untouchedPassesEveryStageAndNoPasswordOfItReachesAnyFile() throws Exception {
        DrillOutcome outcome = drill().run();

        assertThatDrill(outcome).passedEveryStageBut("MigrationParity", "declares no migrations-table");
        assertNoFileHolds(work.resolve("reports"), "subscription-canary-secret", "mapping-canary-secret");
    }

    @Test
    void aCopyThatLostOneObjectOfEveryKindFailsSchemaParityNamingEach() throws Exception {
        DrillOutcome outcome = drill().damagingRestored(ONE_OF_EACH_LOST).run();

        assertLostEach(outcome);
        assertNoFileHolds(work.resolve("reports"), "subscription-canary-secret", "mapping-canary-secret");
    }

    @Test
    void aLargeObjectUnlinkedAndOneWhoseBytesChangedFailContentParity() throws Exception {
        DrillOutcome outcome = drill().damagingRestored("SELECT lo_unlink(424242); SELECT lo_put(424243, 1000000, '\\x41')").run();

        assertThatDrill(outcome).failedOnlyAt("ContentParity", "large object 424242: missing from the restored copy",
                "large object 424243: bytes differ");
    }

    @Test
    void aLargeObjectsCommentAndPrivilegesLostFailContentParity() throws Exception {
        DrillOutcome outcome = drill().damagingRestored("COMMENT ON LARGE OBJECT 424242 IS NULL; ALTER LARGE OBJECT 424243 OWNER TO kinds_reader")
                .run();

        assertThatDrill(outcome).failedOnlyAt("ContentParity", "large object 424242: comment differs",
                "large object 424243: owner differs");
    }

    /** No file in {@code folder} (the reports: the dump itself carries what pg_dump writes) holds any of {@code secrets}. */
    /** SchemaParity failed naming each object of {@link #NAMED} by its code and subject. */
    static void assertLostEach(DrillOutcome outcome) throws IOException {
        DrillOutcome.DrillOutcomeAssert drilled = assertThatDrill(outcome).failedOnlyAt("SchemaParity",
                NAMED.stream().map(Lost::subject).toArray(String[]::new));
        for (Lost lost : NAMED) {
            drilled.withFinding("SchemaParity", lost.code(), lost.subject());
        }
    }

    static void assertNoFileHolds(Path folder, String... secrets) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                for (String secret : secrets) {
                    assertThat(text).as("%s holds %s", file, secret).doesNotContain(secret);
                }
            }
        }
    }
}
