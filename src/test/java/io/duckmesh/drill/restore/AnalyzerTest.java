package io.duckmesh.drill.restore;

import static org.assertj.core.api.Assertions.assertThat;

import io.duckmesh.drill.inspect.TableRef;
import io.duckmesh.drill.postgres.EmbeddedServer;
import io.duckmesh.drill.postgres.PgSessions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnalyzerTest {

    @Test
    void everyTableGetsStatisticsFromASmallSample() throws Exception {
        try (EmbeddedServer server = EmbeddedServer.start("analyzer test", Duration.ofSeconds(60))) {
            PgSessions sessions = new PgSessions(Duration.ofSeconds(10), Duration.ofSeconds(60));
            try (Connection connection = sessions.openWritable(server.endpoint("postgres"));
                 Statement statement = connection.createStatement()) {
                statement.execute("CREATE SCHEMA \"odd name\"; CREATE TABLE big (id int, v int); CREATE TABLE small (id int);"
                        + " CREATE TABLE \"odd name\".t (id int);"
                        + " INSERT INTO big SELECT i, i % 1000 FROM generate_series(1, 50000) i; INSERT INTO small VALUES (1);"
                        + " INSERT INTO \"odd name\".t VALUES (1)");

                int analyzed = new Analyzer(2).analyze(List.of(new TableRef("public", "small"), new TableRef("public", "big"),
                        new TableRef("odd name", "t")), () -> sessions.openWritable(server.endpoint("postgres")));

                assertThat(analyzed).isEqualTo(3);
                try (ResultSet rs = statement.executeQuery("SELECT count(*) FILTER (WHERE analyze_count = 1),"
                        + " (SELECT array_length(histogram_bounds::text::int[], 1) FROM pg_stats WHERE tablename = 'big' AND attname = 'id')"
                        + " FROM pg_stat_user_tables")) {
                    rs.next();
                    assertThat(rs.getInt(1)).as("tables analyzed once").isEqualTo(3);
                    assertThat(rs.getInt(2)).as("histogram of a statistics target of 10").isEqualTo(Analyzer.STATISTICS_TARGET + 1);
                }
            }
        }
    }
}
