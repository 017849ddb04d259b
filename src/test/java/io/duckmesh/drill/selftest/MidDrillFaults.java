package io.duckmesh.drill.selftest;

import io.duckmesh.drill.pipeline.DrillContext;
import io.duckmesh.drill.postgres.PgEndpoint;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Order;

/**
 * Self-test only: faults that strike while the drill checks the restored copy, injected between
 * RowCountParity's predecessor and ContentParity, each chosen by a configuration parameter.
 */
final class MidDrillFaults {

    private MidDrillFaults() {
    }

    /** Holds an ACCESS EXCLUSIVE lock on a restored table (35) until Cleanup closes the session, so the checks hang on it. */
    @Order(35)
    static class LockRestoredTable extends ParameterFault {

        static final String PARAMETER = "selftest.fault.lock-restored-table";

        LockRestoredTable() {
            super(PARAMETER);
        }

        @Override
        void inject(DrillContext drill, String table) throws Exception {
            Connection holder = drill.own(drill.sessions().openWritable(drill.restored()));
            holder.setAutoCommit(false);
            try (Statement statement = holder.createStatement()) {
                statement.execute("LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE");
            }
        }
    }

    /** Ends every other session on the source database (45), the dump's exported snapshot among them. */
    @Order(45)
    static class TerminateSourceSessions extends ParameterFault {

        static final String PARAMETER = "selftest.fault.terminate-source-sessions";

        TerminateSourceSessions() {
            super(PARAMETER);
        }

        @Override
        void inject(DrillContext drill, String on) throws Exception {
            PgEndpoint source = drill.source().endpoint();
            try (Connection admin = drill.sessions().openWritable(source.withDatabase("postgres")); Statement statement = admin.createStatement()) {
                statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
                        + source.database().replace("'", "''") + "' AND pid <> pg_backend_pid()");
            }
        }
    }

    /** Stops the restore server (45) with SIGTERM to its postmaster: a smart shutdown that refuses every new session. */
    @Order(45)
    static class StopRestoreServer extends ParameterFault {

        static final String PARAMETER = "selftest.fault.stop-restore-server";

        StopRestoreServer() {
            super(PARAMETER);
        }

        @Override
        void inject(DrillContext drill, String on) throws Exception {
            long postmaster;
            try (Connection connection = drill.sessions().openWritable(drill.restored()); Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT split_part(pg_read_file('postmaster.pid'), E'\\n', 1)::bigint")) {
                rs.next();
                postmaster = rs.getLong(1);
            }
            ProcessHandle server = ProcessHandle.of(postmaster).orElseThrow(() -> new IllegalStateException("no postmaster " + postmaster));
            server.destroy();
            org.awaitility.Awaitility.await("restore server " + postmaster + " refusing sessions")
                    .atMost(java.time.Duration.ofSeconds(30)).until(() -> refuses(drill));
        }

        private static boolean refuses(DrillContext drill) {
            try (Connection probe = drill.sessions().openWritable(drill.restored())) {
                return false;
            } catch (java.sql.SQLException refused) {
                return true;
            }
        }
    }
}
