package io.duckmesh.drill.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PgSessionsTest {

    private static EmbeddedServer server;
    private final PgSessions sessions = new PgSessions(Duration.ofSeconds(10), Duration.ofSeconds(30));

    @BeforeAll
    static void startServer() {
        server = EmbeddedServer.start("test", Duration.ofSeconds(60));
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void readOnlySessionCannotWrite() throws Exception {
        try (Connection connection = sessions.openReadOnly(server.endpoint("postgres"));
             Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.execute("CREATE TABLE written_by_the_drill (id int)"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("read-only transaction");
        }
    }

    @Test
    void sessionsHaveAFixedEnvironment() throws Exception {
        try (Connection connection = sessions.openReadOnly(server.endpoint("postgres"));
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT current_setting('TimeZone'), current_setting('DateStyle'),"
                     + " current_setting('statement_timeout'), current_setting('default_transaction_read_only'),"
                     + " current_setting('search_path'), current_setting('IntervalStyle'), current_setting('extra_float_digits')")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("UTC");
            assertThat(rs.getString(2)).isEqualTo("ISO, YMD");
            assertThat(rs.getString(3)).isEqualTo("30s");
            assertThat(rs.getString(4)).isEqualTo("on");
            assertThat(rs.getString(5)).isEqualTo("public");
            assertThat(rs.getString(6)).isEqualTo("iso_8601");
            assertThat(rs.getString(7)).isEqualTo("3");
        }
    }

    /** A session whose environment cannot be set is closed, not left open on the server. */
    @Test
    void aSessionWhoseEnvironmentFailsIsClosed() throws Exception {
        PgSessions failing = new PgSessions(Duration.ofSeconds(10), Duration.ofSeconds(30), "SET no_such_setting_of_postgres = 1");
        try (Connection probe = sessions.openReadOnly(server.endpoint("postgres"))) {
            assertThat(otherSessions(probe)).as("client sessions before the test").isZero();
            for (int attempt = 0; attempt < 3; attempt++) {
                assertThatThrownBy(() -> failing.openReadOnly(server.endpoint("postgres")))
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("no_such_setting_of_postgres");
            }
            // a backend leaves pg_stat_activity a moment after its client closed the socket
            org.awaitility.Awaitility.await("the failed sessions end").atMost(Duration.ofSeconds(10))
                    .until(() -> otherSessions(probe) == 0);
        }
    }

    private static int otherSessions(Connection probe) throws SQLException {
        try (Statement statement = probe.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'"
                     + " AND pid <> pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
