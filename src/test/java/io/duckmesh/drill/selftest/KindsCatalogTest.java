package io.duckmesh.drill.selftest;

import static io.duckmesh.drill.selftest.DrillOutcome.assertThatDrill;
import static org.assertj.core.api.Assertions.assertThat;

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
    static final List<String> NAMED = List.of(
            "policy kinds.accounts.accounts_read: missing from the restored copy",
            "table options kinds.accounts: definition differs",
            "table options kinds.scratch: missing from the restored copy",
            "table options kinds.account_log: missing from the restored copy",
            "table options kinds.balances: missing from the restored copy",
            "index kinds.accounts_city: definition differs",
            "inherits kinds.login_event: definition differs",
            "column options kinds.accounts.owner_name: missing from the restored copy",
            "column options kinds.remote_things.id: missing from the restored copy",
            "privileges default for role postgres in schema kinds on tables: missing from the restored copy",
            "rule kinds.accounts.log_account_insert: missing from the restored copy",
            "statistics kinds.accounts_region_city: missing from the restored copy",
            "publication kinds_schema: missing from the restored copy",
            "subscription kinds_subscription: missing from the restored copy",
            "event trigger kinds_note_ddl: missing from the restored copy",
            "collation kinds.bytewise: missing from the restored copy",
            "conversion kinds.latin1_to_utf8: missing from the restored copy",
            "operator kinds.===(integer, integer): definition differs",
            "operator class kinds.abs_int_ops using hash: missing from the restored copy",
            "text search configuration kinds.plain: missing from the restored copy",
            "text search parser kinds.default_copy: missing from the restored copy",
            "text search dictionary kinds.plain_words: definition differs",
            "text search template kinds.unused_template: missing from the restored copy",
            "cast integer as kinds.mood: missing from the restored copy",
            "transform kinds.mood language plpgsql: missing from the restored copy",
            "access method heap_spare: missing from the restored copy",
            "foreign data wrapper kinds_wrapper: definition differs",
            "foreign server kinds_server: definition differs",
            "user mapping kinds_reader server kinds_server: missing from the restored copy");

    @TempDir
    Path work;

    private DrillRun drill() {
        return DrillRun.in(work).with("drill.source.fixture", "kinds");
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

        assertThatDrill(outcome).failedOnlyAt("SchemaParity", NAMED.toArray(String[]::new));
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
