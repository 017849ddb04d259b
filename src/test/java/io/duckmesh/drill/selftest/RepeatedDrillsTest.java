package io.duckmesh.drill.selftest;

import static io.duckmesh.drill.selftest.DrillOutcome.assertThatDrill;
import static org.assertj.core.api.Assertions.assertThat;

import io.duckmesh.drill.postgres.PgEndpoint;
import io.duckmesh.drill.postgres.PgSessions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ten drills back to back against one server target leave nothing behind: no throwaway database, no
 * session on either server, no temporary file, no dump, no file descriptor or thread of this JVM.
 */
@DrillServers
class RepeatedDrillsTest {

    @TempDir
    Path work;

    private ServerPair servers;

    @Test
    void tenDrillsLeaveNothingBehind() throws Exception {
        servers.drill(work.resolve("warm-up"), "duckmesh").run();
        List<Long> before = List.of(sessions(servers.sourceAdmin()), sessions(servers.verificationAdmin()), temporaryFiles(),
                openFileDescriptors(), (long) Thread.activeCount());

        for (int run = 0; run < 10; run++) {
            assertThatDrill(servers.drill(work.resolve("run-" + run), "duckmesh").run()).passedEveryStage().leftNoDump();
        }

        assertThat(servers.verificationDatabases()).as("throwaway databases").isEmpty();
        assertThat(sessions(servers.sourceAdmin())).as("sessions on the source server").isEqualTo(before.get(0));
        assertThat(sessions(servers.verificationAdmin())).as("sessions on the verification server").isEqualTo(before.get(1));
        assertThat(temporaryFiles()).as("drill files in java.io.tmpdir").isEqualTo(before.get(2));
        assertThat(openFileDescriptors()).as("open file descriptors of this JVM").isLessThanOrEqualTo(before.get(3) + 5);
        assertThat((long) Thread.activeCount()).as("live threads of this JVM").isLessThanOrEqualTo(before.get(4) + 5);
    }

    /** Client sessions on a server, other than the one counting. */
    private long sessions(PgEndpoint server) throws Exception {
        try (Connection connection = servers.sessions().openReadOnly(server); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'"
                     + " AND pid <> pg_backend_pid()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long temporaryFiles() throws Exception {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(f -> f.getFileName().toString().startsWith("drill-")).count();
        }
    }

    private static long openFileDescriptors() throws Exception {
        try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
            return descriptors.count();
        }
    }
}
