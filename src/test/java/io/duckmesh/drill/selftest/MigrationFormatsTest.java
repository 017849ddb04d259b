package io.duckmesh.drill.selftest;

import io.duckmesh.drill.result.Finding.Code;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static io.duckmesh.drill.selftest.DrillOutcome.assertThatDrill;

/**
 * MigrationParity on the histories the migration tools people use keep, each recognised from its
 * columns (drill.migrations.format=auto), each clean and with its faults: a row lost, a dirty or
 * failed state, the wrong latest version, a gap against the folder the user names. One case per
 * row of the table: a clean case passes every stage, a fault fails MigrationParity with its
 * message and a finding of its code and subject in drill-summary.json.
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

    private static final List<String> RAILS_APPLIED = List.of("20260101000000_create_users.rb", "20260102000000_add_email.rb",
            "20260104000000_add_tags.rb");

    /** What a fault case expects of MigrationParity. */
    record Expected(String message, Code code, String subject) {
    }

    /**
     * @param folder the files of drill.migrations.dir, or none for a drill.migrations.dir left empty
     * @param expectedVersion drill.migrations.expected-version, or empty
     * @param damage SQL run on the restored copy before the checks, or empty
     */
    record Case(String name, String format, String history, List<String> folder, String expectedVersion, String damage,
            Optional<Expected> expected) {

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                clean("golang-migrate history passes at the newest file of its folder", "golang-migrate", GOLANG,
                        List.of("000001_init.up.sql", "000001_init.down.sql", "000020_tags.up.sql", "000020_tags.down.sql"), ""),
                fault("golang-migrate dirty state", "golang-migrate", GOLANG, List.of("000020_tags.up.sql"), "",
                        "UPDATE schema_migrations SET dirty = true", Code.MIGRATION_FAILED, "public.schema_migrations version 20",
                        "migration is marked dirty (it started and never finished) in the restored copy"),
                fault("golang-migrate behind the newest file of its folder", "golang-migrate", GOLANG,
                        List.of("000020_tags.up.sql", "000021_more.up.sql"), "", "", Code.MIGRATION_LATEST_UNEXPECTED,
                        "public.schema_migrations", "latest migration version is not the expected one (golang-migrate history)"),
                clean("flyway history passes at its latest successful version", "flyway", FLYWAY, List.of(), "2"),
                fault("flyway row lost", "flyway", FLYWAY, List.of(), "2", "DELETE FROM flyway_schema_history WHERE installed_rank = 2",
                        Code.MIGRATION_ROW_MISSING, "public.flyway_schema_history installed_rank 2",
                        "migration row missing from the restored copy"),
                fault("flyway failed run", "flyway", FLYWAY, List.of(), "",
                        "UPDATE flyway_schema_history SET success = false WHERE installed_rank = 4", Code.MIGRATION_FAILED,
                        "public.flyway_schema_history installed_rank 4",
                        "migration failed (success = false in flyway_schema_history) in the restored copy"),
                fault("flyway behind the expected version", "flyway", FLYWAY, List.of(), "2.1", "", Code.MIGRATION_LATEST_UNEXPECTED,
                        "public.flyway_schema_history", "latest migration version is not the expected one (flyway history)"),
                clean("liquibase history passes at its last changeset", "liquibase", LIQUIBASE, List.of(), "add-email"),
                fault("liquibase failed changeset", "liquibase", LIQUIBASE, List.of(), "",
                        "UPDATE databasechangelog SET exectype = 'FAILED' WHERE orderexecuted = 2", Code.MIGRATION_FAILED,
                        "public.databasechangelog orderexecuted 2",
                        "changeset failed (exectype = FAILED in databasechangelog) in the restored copy"),
                fault("liquibase behind the expected changeset", "liquibase", LIQUIBASE, List.of(), "add-phone", "",
                        Code.MIGRATION_LATEST_UNEXPECTED, "public.databasechangelog",
                        "latest migration version is not the expected one (liquibase history)"),
                clean("rails history passes against its folder", "rails", RAILS, RAILS_APPLIED, ""),
                fault("rails migration of its folder never applied", "rails", RAILS,
                        List.of("20260101000000_create_users.rb", "20260102000000_add_email.rb", "20260103000000_add_index.rb",
                                "20260104000000_add_tags.rb"), "", "", Code.MIGRATION_GAP,
                        "public.rails_schema_migrations version 20260103000000", "migration never applied"),
                fault("rails row lost", "rails", RAILS, RAILS_APPLIED, "",
                        "DELETE FROM rails_schema_migrations WHERE version = '20260102000000'", Code.MIGRATION_ROW_MISSING,
                        "public.rails_schema_migrations version 20260102000000", "migration row missing from the restored copy"),
                clean("alembic head passes when expected", "alembic", ALEMBIC, List.of(), "ae1027a6acf"),
                fault("alembic head changed", "alembic", ALEMBIC, List.of(), "ae1027a6acf",
                        "UPDATE alembic_version SET version_num = '1975ea83b712'", Code.MIGRATION_ROW_EXTRA,
                        "public.alembic_version version_num 1975ea83b712", "migration row exists only in the restored copy"));
    }

    private static Case clean(String name, String format, String history, List<String> folder, String expectedVersion) {
        return new Case(name, format, history, folder, expectedVersion, "", Optional.empty());
    }

    private static Case fault(String name, String format, String history, List<String> folder, String expectedVersion, String damage,
            Code code, String subject, String problem) {
        return new Case(name, format, history, folder, expectedVersion, damage,
                Optional.of(new Expected(subject + ": " + problem, code, subject)));
    }

    @TempDir
    Path work;

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void migrationParityJudgesTheHistory(Case history) throws Exception {
        Path folder = Files.createDirectories(work.resolve("migrations"));
        for (String file : history.folder()) {
            Files.writeString(folder.resolve(file), "-- " + file);
        }
        DrillRun drill = DrillRun.in(work).with("drill.profile", Path.of("src/test/resources/migration-formats/" + history.format()
                + ".properties").toAbsolutePath().toString())
                .with("drill.migrations.dir", history.folder().isEmpty() ? "" : folder.toString())
                .with("drill.migrations.expected-version", history.expectedVersion()).preparingSource(history.history());
        if (!history.damage().isEmpty()) {
            drill = drill.damagingRestored(history.damage());
        }
        DrillOutcome outcome = drill.run();

        if (history.expected().isEmpty()) {
            assertThatDrill(outcome).passedEveryStage();
        } else {
            Expected expected = history.expected().orElseThrow();
            assertThatDrill(outcome).failedOnlyAt("MigrationParity", expected.message())
                    .withFinding("MigrationParity", expected.code(), expected.subject());
        }
    }
}
