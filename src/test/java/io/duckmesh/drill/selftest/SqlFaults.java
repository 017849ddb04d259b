package io.duckmesh.drill.selftest;

import io.duckmesh.drill.pipeline.DrillContext;
import io.duckmesh.drill.postgres.PgEndpoint;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Order;

/**
 * Self-test only: SQL run between two stages against the source or the restored copy, each point a
 * class of its own so that its {@code @Order} places it among the stages. A point does nothing when
 * its configuration parameter ({@link Point#parameter}) is not set.
 */
final class SqlFaults {

    private SqlFaults() {
    }

    /** Where SQL can be run, the parameter holding it, and the database it runs in. */
    enum Point {
        /**
         * After Preflight loaded the source, before Backup: roles, grants and owners a real catalog has,
         * or a fault the catalog itself carries (an orphan behind a NOT VALID key, a broken invariant).
         */
        SOURCE_SETUP("selftest.source-sql", drill -> drill.source().endpoint()),
        /**
         * On the source between Backup and Restore, between Restore and the checks, and between
         * ContentParity and MigrationParity: a migration deployed during a nightly drill (with a
         * lock_timeout, it fails if the drill still holds a lock on the table).
         */
        SOURCE_AFTER_BACKUP("selftest.source.after-backup-sql", drill -> drill.source().endpoint()),
        SOURCE_AFTER_RESTORE("selftest.source.after-restore-sql", drill -> drill.source().endpoint()),
        SOURCE_AFTER_CONTENT("selftest.source.after-content-sql", drill -> drill.source().endpoint()),
        /** The restored copy between Restore and the checks, as a faulty restore would damage it. */
        RESTORED("selftest.fault.restored-sql", DrillContext::restored),
        /** The restored copy after the parity stages: physical corruption only RelationalConsistency's amcheck sees. */
        RESTORED_LATE("selftest.fault.restored-late-sql", DrillContext::restored),
        /** The restored copy after RelationalConsistency: only duckmesh's integrity run (stage 80) is left to see it. */
        RESTORED_AFTER_CHECKS("selftest.fault.restored-after-checks-sql", DrillContext::restored);

        private final String parameter;
        private final Function<DrillContext, PgEndpoint> database;

        Point(String parameter, Function<DrillContext, PgEndpoint> database) {
            this.parameter = parameter;
            this.database = database;
        }

        String parameter() {
            return parameter;
        }
    }

    /**
     * Between two parts of a point's SQL that must run as statements of their own, outside the one
     * transaction the rest runs in (CREATE TABLESPACE, CREATE DATABASE).
     */
    static final String APART = "\n;;\n";

    /** The classes of every point, for the drill's discovery. */
    static List<Class<?>> classes() {
        return List.of(SourceSetup.class, SourceAfterBackup.class, SourceAfterRestore.class, SourceAfterContent.class,
                RestoredDamage.class, LateRestoredDamage.class, AfterChecksDamage.class);
    }

    /** Runs the SQL of one point, if any. */
    abstract static class Fault extends ParameterFault {

        private final Point point;

        Fault(Point point) {
            super(point.parameter);
            this.point = point;
        }

        @Override
        void inject(DrillContext drill, String sql) throws Exception {
            try (Connection connection = drill.sessions().openWritable(point.database.apply(drill));
                 Statement statement = connection.createStatement()) {
                for (String part : sql.split(APART)) {
                    statement.execute(part);
                }
            }
        }
    }

    // @Order: where each point runs among the stages (00, 10, 20, ... 90).
    @Order(5) static final class SourceSetup extends Fault { SourceSetup() { super(Point.SOURCE_SETUP); } }
    @Order(15) static final class SourceAfterBackup extends Fault { SourceAfterBackup() { super(Point.SOURCE_AFTER_BACKUP); } }
    @Order(25) static final class RestoredDamage extends Fault { RestoredDamage() { super(Point.RESTORED); } }
    @Order(26) static final class SourceAfterRestore extends Fault { SourceAfterRestore() { super(Point.SOURCE_AFTER_RESTORE); } }
    @Order(55) static final class SourceAfterContent extends Fault { SourceAfterContent() { super(Point.SOURCE_AFTER_CONTENT); } }
    @Order(65) static final class LateRestoredDamage extends Fault { LateRestoredDamage() { super(Point.RESTORED_LATE); } }
    @Order(75) static final class AfterChecksDamage extends Fault { AfterChecksDamage() { super(Point.RESTORED_AFTER_CHECKS); } }
}
