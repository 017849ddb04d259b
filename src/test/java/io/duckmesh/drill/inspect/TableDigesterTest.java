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
    void aSegmentedTableDigestedInChunksOnManySessionsEqualsItsDigestOnOne() throws Exception {
        TableDigest source = digester.digest(connection, info("a"), 100);
        PgSessions sessions = new PgSessions(Duration.ofSeconds(10), Duration.ofSeconds(60));

        java.util.Map<TableRef, TableDigest> chunked = new ParallelDigester(3).digestAll(List.of(info("a"), info("b")),
                java.util.Map.of(new TableRef("public", "a"), source, new TableRef("public", "b"), source),
                () -> sessions.openWritable(server.endpoint("postgres")));

        assertThat(chunked.get(new TableRef("public", "a"))).isEqualTo(source);
        assertThat(chunked.get(new TableRef("public", "b"))).isEqualTo(digester.digestLike(connection, info("b"), source));
        assertThat(ContentParityCheck.differingRanges(source, chunked.get(new TableRef("public", "b"))))
                .containsExactly("t.\"id\" >= 501 AND t.\"id\" < 601");
    }

    @Test
    void valuesThatCompareEqualButPrintDifferentlyHaveDifferentDigests() throws Exception {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE n1 (id int PRIMARY KEY, amount numeric, ratio float8); INSERT INTO n1 VALUES (1, 1.10, 0);"
                    + " CREATE TABLE n2 (LIKE n1 INCLUDING ALL); INSERT INTO n2 VALUES (1, 1.1, 0);"
                    + " CREATE TABLE n3 (LIKE n1 INCLUDING ALL); INSERT INTO n3 VALUES (1, 1.10, '-0')");
        }

        String exact = digester.digest(connection, info("n1"), 1_000_000).checksum();

        assertThat(digester.digest(connection, info("n2"), 1_000_000).checksum()).as("1.10 against 1.1").isNotEqualTo(exact);
        assertThat(digester.digest(connection, info("n3"), 1_000_000).checksum()).as("0 against -0").isNotEqualTo(exact);
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
