package io.duckmesh.drill.selftest;

import io.duckmesh.drill.pipeline.DrillContext;
import io.duckmesh.drill.postgres.PgEndpoint;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Order;

/**
 * Self-test only: faults that strike while the drill checks the restored copy, injected between
 * RowCountParity's predecessor and ContentParity, each chosen by a configuration parameter.
 */
final class MidDrillFaults {

    /** The restored table to hold an ACCESS EXCLUSIVE lock on. */
    static final String LOCK_RESTORED_TABLE = "selftest.fault.lock-restored-table";
    /** Any value: end every other session on the source database. */
    static final String TERMINATE_SOURCE_SESSIONS = "selftest.fault.terminate-source-sessions";
    /** Any value: stop the restore server. */
    static final String STOP_RESTORE_SERVER = "selftest.fault.stop-restore-server";

    private MidDrillFaults() {
    }

    /** The classes of every fault, for the drill's discovery. */
    static List<Class<?>> classes() {
        return List.of(LockRestoredTable.class, TerminateSourceSessions.class, StopRestoreServer.class);
    }

    /** Holds an ACCESS EXCLUSIVE lock on a restored table (35) until Cleanup closes the session, so the checks hang on it. */
    @Order(35)
    static final class LockRestoredTable extends ParameterFault {
        LockRestoredTable() { super(LOCK_RESTORED_TABLE); }

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
    static final class TerminateSourceSessions extends ParameterFault {
        TerminateSourceSessions() { super(TERMINATE_SOURCE_SESSIONS); }

        @Override
        void inject(DrillContext drill, String on) throws Exception {
            PgEndpoint source = drill.source().endpoint();
            try (Connection admin = drill.sessions().openWritable(source.withDatabase("postgres"));
                 PreparedStatement terminate = admin.prepareStatement("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                         + " WHERE datname = ? AND pid <> pg_backend_pid()")) {
                terminate.setString(1, source.database());
                terminate.execute();
            }
        }
    }

    /** Stops the restore server (45) with SIGTERM to its postmaster: a smart shutdown that refuses every new session. */
    @Order(45)
    static final class StopRestoreServer extends ParameterFault {
        StopRestoreServer() { super(STOP_RESTORE_SERVER); }

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
            Awaitility.await("restore server " + postmaster + " refusing sessions").atMost(Duration.ofSeconds(30)).until(() -> refuses(drill));
        }

        private static boolean refuses(DrillContext drill) {
            try (Connection probe = drill.sessions().openWritable(drill.restored())) {
                return false;
            } catch (SQLException refused) {
                return true;
            }
        }
    }
}
