package io.duckmesh.drill.selftest;

import static io.duckmesh.drill.selftest.DrillOutcome.assertThatDrill;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MigrationParity on the histories the migration tools people use keep, each recognised from its
 * columns (drill.migrations.format=auto), each clean and with its faults: a row lost, a dirty or
 * failed state, the wrong latest version, a gap against the folder the user names.
 */
class MigrationFormatsTest {

    private static final String GOLANG = "CREATE TABLE schema_migrations (version bigint PRIMARY KEY, dirty boolean NOT NULL);"
            + " INSERT INTO schema_migrations VALUES (20, false)";
    private static final String FLYWAY = "CREATE TABLE flyway_schema_history (installed_rank integer PRIMARY KEY, version varchar(50),"
            + " description varchar(200) NOT NULL, type varchar(20) NOT NULL, script varchar(1000) NOT NULL, checksum integer,"
            + " installed_by varchar(100) NOT NULL, installed_on timestamp NOT NULL DEFAULT now(), execution_time integer NOT NULL,"
            + " success boolean NOT NULL);"
            + " INSERT INTO flyway_schema_history VALUES (1, '1', 'init', 'SQL', 'V1__init.sql', 1234, 'app', '2026-01-01', 12, true),"
            + " (2, '1.1', 'add tables', 'SQL', 'V1_1__add_tables.sql', -99, 'app', '2026-02-01', 30, true),"
            + " (3, NULL, 'views', 'SQL', 'R__views.sql', 77, 'app', '2026-02-01', 5, true),"
            + " (4, '2', 'indexes', 'SQL', 'V2__indexes.sql', 555, 'app', '2026-03-01', 40, true)";
    private static final String LIQUIBASE = "CREATE TABLE databasechangelog (id varchar(255) NOT NULL, author varchar(255) NOT NULL,"
            + " filename varchar(255) NOT NULL, dateexecuted timestamp NOT NULL, orderexecuted integer NOT NULL, exectype varchar(10) NOT NULL,"
            + " md5sum varchar(35), description varchar(255), comments varchar(255), tag varchar(255), liquibase varchar(20),"
            + " contexts varchar(255), labels varchar(255), deployment_id varchar(10));"
            + " INSERT INTO databasechangelog VALUES"
            + " ('create-users', 'ann', 'db/changelog.xml', '2026-01-01', 1, 'EXECUTED', '9:abc', 'createTable', '', NULL, '4.29.0', NULL, NULL, '1'),"
            + " ('add-email', 'bob', 'db/changelog.xml', '2026-02-01', 2, 'EXECUTED', '9:def', 'addColumn', '', NULL, '4.29.0', NULL, NULL, '2')";
    private static final String RAILS = "CREATE TABLE rails_schema_migrations (version character varying PRIMARY KEY);"
            + " INSERT INTO rails_schema_migrations VALUES ('20260101000000'), ('20260102000000'), ('20260104000000')";
    private static final String ALEMBIC = "CREATE TABLE alembic_version (version_num varchar(32) PRIMARY KEY);"
            + " INSERT INTO alembic_version VALUES ('ae1027a6acf')";

    @TempDir
    Path work;

    private DrillRun drill(String format, String history) {
        return DrillRun.in(work).with("drill.profile", Path.of("src/test/resources/migration-formats/" + format + ".properties")
                .toAbsolutePath().toString()).with("drill.migrations.dir", work.resolve("migrations").toString()).preparingSource(history);
    }

    private void folder(String... files) throws Exception {
        Files.createDirectories(work.resolve("migrations"));
        for (String file : files) {
            Files.writeString(work.resolve("migrations").resolve(file), "-- " + file);
        }
    }

    @Test
    void golangMigrateHistoryPassesAtTheNewestFileOfItsFolder() throws Exception {
        folder("000001_init.up.sql", "000001_init.down.sql", "000020_tags.up.sql", "000020_tags.down.sql");

        assertThatDrill(drill("golang-migrate", GOLANG).run()).passedEveryStage();
    }

    @Test
    void golangMigrateDirtyStateFailsMigrationParity() throws Exception {
        folder("000020_tags.up.sql");
        DrillOutcome outcome = drill("golang-migrate", GOLANG).damagingRestored("UPDATE schema_migrations SET dirty = true").run();

        assertThatDrill(outcome).failedOnlyAt("MigrationParity",
                "public.schema_migrations version 20: migration is marked dirty (it started and never finished) in the restored copy");
    }

    @Test
    void golangMigrateBehindTheExpectedVersionFailsMigrationParity() throws Exception {
        folder("000020_tags.up.sql", "000021_more.up.sql");
        DrillOutcome outcome = drill("golang-migrate", GOLANG).run();

        assertThatDrill(outcome).failedOnlyAt("MigrationParity",
                "public.schema_migrations: latest migration version is not the expected one (golang-migrate history)");
    }

    @Test
    void flywayHistoryPassesAtItsLatestSuccessfulVersion() throws Exception {
        assertThatDrill(drill("flyway", FLYWAY).with("drill.migrations.dir", "").with("drill.migrations.expected-version", "2").run())
                .passedEveryStage();
    }

    @Test
    void flywayRowLostFailsMigrationParity() throws Exception {
        DrillOutcome outcome = drill("flyway", FLYWAY).with("drill.migrations.dir", "").with("drill.migrations.expected-version", "2")
                .damagingRestored("DELETE FROM flyway_schema_history WHERE installed_rank = 2").run();

        assertThatDrill(outcome).failedOnlyAt("MigrationParity",
                "public.flyway_schema_history installed_rank 2: migration row missing from the restored copy");
    }

    @Test
    void flywayFailedRunFailsMigrationParity() throws Exception {
        DrillOutcome outcome = drill("flyway", FLYWAY).with("drill.migrations.dir", "")
                .damagingRestored("UPDATE flyway_schema_history SET success = false WHERE installed_rank = 4").run();

        assertThatDrill(outcome).failedOnlyAt("MigrationParity",
                "public.flyway_schema_history installed_rank 4: migration failed (success = false in flyway_schema_history) in the restored copy");
    }

    @Test
    void liquibaseHistoryPassesAtItsLastChangeset() throws Exception {
        assertThatDrill(drill("liquibase", LIQUIBASE).with("drill.migrations.dir", "")
                .with("drill.migrations.expected-version", "add-email").run()).passedEveryStage();
    }

    @Test
    void liquibaseFailedChangesetFailsMigrationParity() throws Exception {
        DrillOutcome outcome = drill("liquibase", LIQUIBASE).with("drill.migrations.dir", "")
                .damagingRestored("UPDATE databasechangelog SET exectype = 'FAILED' WHERE orderexecuted = 2").run();

        assertThatDrill(outcome).failedOnlyAt("MigrationParity",
                "public.databasechangelog orderexecuted 2: changeset failed (exectype = FAILED in databasechangelog) in the restored copy");
    }

    @Test
    void liquibaseBehindTheExpectedChangesetFailsMigrationParity() throws Exception {
        DrillOutcome outcome = drill("liquibase", LIQUIBASE).with("drill.migrations.dir", "")
                .with("drill.migrations.expected-version", "add-phone").run();

        assertThatDrill(outcome).failedOnlyAt("MigrationParity",
                "public.databasechangelog: latest migration version is not the expected one (liquibase history)");
    }

    @Test
    void flywayBehindTheExpectedVersionFailsMigrationParity() throws Exception {
        DrillOutcome outcome = drill("flyway", FLYWAY).with("drill.migrations.dir", "").with("drill.migrations.expected-version", "2.1")
                .run();

        assertThatDrill(outcome).failedOnlyAt("MigrationParity",
                "public.flyway_schema_history: latest migration version is not the expected one (flyway history)");
    }

    @Test
    void railsHistoryWithAMigrationOfItsFolderNeverAppliedFailsMigrationParity() throws Exception {
        folder("20260101000000_create_users.rb", "20260102000000_add_email.rb", "20260103000000_add_index.rb",
                "20260104000000_add_tags.rb");
        DrillOutcome outcome = drill("rails", RAILS).run();

        assertThatDrill(outcome).failedOnlyAt("MigrationParity",
                "public.rails_schema_migrations version 20260103000000: migration never applied");
    }

    @Test
    void railsRowLostFailsMigrationParity() throws Exception {
        folder("20260101000000_create_users.rb", "20260102000000_add_email.rb", "20260104000000_add_tags.rb");
        assertThatDrill(drill("rails", RAILS).run()).passedEveryStage();
        DrillOutcome outcome = drill("rails", RAILS).damagingRestored("DELETE FROM rails_schema_migrations WHERE version = '20260102000000'").run();

        assertThatDrill(outcome).failedOnlyAt("MigrationParity",
                "public.rails_schema_migrations version 20260102000000: migration row missing from the restored copy");
    }

    @Test
    void alembicHeadPassesWhenExpectedAndFailsWhenChanged() throws Exception {
        DrillRun run = drill("alembic", ALEMBIC).with("drill.migrations.dir", "").with("drill.migrations.expected-version", "ae1027a6acf");
        assertThatDrill(run.run()).passedEveryStage();
        DrillOutcome changed = drill("alembic", ALEMBIC).with("drill.migrations.dir", "").with("drill.migrations.expected-version", "ae1027a6acf")
                .damagingRestored("UPDATE alembic_version SET version_num = '1975ea83b712'").run();

        assertThatDrill(changed).failedOnlyAt("MigrationParity",
                "public.alembic_version version_num 1975ea83b712: migration row exists only in the restored copy");
    }
}
