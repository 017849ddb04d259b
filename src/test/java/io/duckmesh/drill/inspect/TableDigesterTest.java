package io.duckmesh.drill.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import io.duckmesh.drill.check.ContentParityCheck;
import io.duckmesh.drill.postgres.EmbeddedServer;
import io.duckmesh.drill.postgres.PgSessions;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TableDigesterTest {

    private EmbeddedServer server;
    private Connection connection;
    private final TableDigester digester = new TableDigester();

    @BeforeAll
    void createTables() throws Exception {
        server = EmbeddedServer.start("digester test", Duration.ofSeconds(60));
        connection = new PgSessions(Duration.ofSeconds(10), Duration.ofSeconds(60)).openWritable(server.endpoint("postgres"));
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE a (id bigint PRIMARY KEY, v text, at timestamptz);"
                    + " INSERT INTO a SELECT i, 'row ' || i, timestamptz '2026-01-01' + i * interval '1 minute'"
                    + " FROM generate_series(1, 1000) i;"
                    + " CREATE TABLE b (LIKE a INCLUDING ALL); INSERT INTO b SELECT * FROM a ORDER BY id DESC;"
                    + " UPDATE b SET v = 'changed' WHERE id = 537; ANALYZE");
        }
    }

    @AfterAll
    void stopServer() throws Exception {
        connection.close();
        server.close();
    }

    @Test
    void segmentedDigestSumsToTheWholeTableDigest() throws Exception {
        TableDigest segmented = digester.digest(connection, info("a"), 100);
        TableDigest whole = digester.digest(connection, info("a"), 1_000_000);

        assertThat(segmented.plan()).isEqualTo(new SegmentPlan("id", 1, 100, 10));
        assertThat(segmented.segments()).hasSize(10).allSatisfy(s -> assertThat(s.rows()).isEqualTo(100));
        assertThat(whole.plan()).isNull();
        assertThat(segmented.rows()).isEqualTo(whole.rows()).isEqualTo(1000);
        assertThat(segmented.checksum()).isEqualTo(whole.checksum());
    }

    @Test
    void oneChangedRowNarrowsToOneKeyRangeWhateverThePhysicalOrder() throws Exception {
        TableDigest source = digester.digest(connection, info("a"), 100);
        TableDigest restored = digester.digestLike(connection, info("b"), source);

        assertThat(restored.checksum()).isNotEqualTo(source.checksum());
        assertThat(ContentParityCheck.differingRanges(source, restored)).containsExactly("t.\"id\" >= 501 AND t.\"id\" < 601");
    }

    @Test
    void equalRowsInAnotherOrderHaveEqualDigests() throws Exception {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE c (LIKE a INCLUDING ALL); INSERT INTO c SELECT * FROM a ORDER BY random()");
        }

        assertThat(digester.digest(connection, info("c"), 1_000_000).checksum())
                .isEqualTo(digester.digest(connection, info("a"), 1_000_000).checksum());
    }

    private static TableInfo info(String name) {
        return new TableInfo(new TableRef("public", name), "r", true, List.of("id"));
    }
}
