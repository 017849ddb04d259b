package io.duckmesh.drill.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import io.duckmesh.drill.check.ContentParityCheck;
import io.duckmesh.drill.inspect.RowDiffer.RowDiff;
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

/**
 * Two databases on one server play source and restored copy; each test damages the copy and
 * expects the bisection to find exactly the damaged rows while comparing only a small share of the
 * table's rows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BisectorTest {

    private static final int ROWS = 200_000;
    private EmbeddedServer server;
    private Connection source;
    private Connection restored;
    private final Bisector bisector = new Bisector();

    @BeforeAll
    void createBothSides() throws Exception {
        server = EmbeddedServer.start("bisector test", Duration.ofSeconds(60));
        PgSessions sessions = new PgSessions(Duration.ofSeconds(10), Duration.ofSeconds(120));
        try (Connection admin = sessions.openWritable(server.endpoint("postgres")); Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE bisect_source");
            statement.execute("CREATE DATABASE bisect_restored");
        }
        source = sessions.openWritable(server.endpoint("bisect_source"));
        restored = sessions.openWritable(server.endpoint("bisect_restored"));
        for (Connection side : List.of(source, restored)) {
            try (Statement statement = side.createStatement()) {
                statement.execute("CREATE TABLE files (id bigint PRIMARY KEY, path text, bytes bigint);"
                        + " INSERT INTO files SELECT i, 'data/' || i || '.parquet', i * 7 FROM generate_series(1, " + ROWS + ") i;"
                        + " CREATE TABLE tags (name text, scope text, v text, PRIMARY KEY (name, scope));"
                        + " INSERT INTO tags SELECT 'tag-' || i, 'scope-' || (i % 7), md5(i::text) FROM generate_series(1, 50000) i;"
                        + " CREATE TABLE events (kind text, at int);"
                        + " INSERT INTO events SELECT 'k' || (i % 100), i % 5000 FROM generate_series(1, 50000) i; ANALYZE");
            }
        }
    }

    @AfterAll
    void stopServer() throws Exception {
        source.close();
        restored.close();
        server.close();
    }

    @Test
    void anIntegerKeyedTableIsNarrowedByKeyRangesToTheChangedMissingAndExtraRows() throws Exception {
        Bisector.Result result = bisectDamaged("UPDATE files SET bytes = bytes + 1 WHERE id = 123457; DELETE FROM files WHERE id = 77;"
                + " INSERT INTO files VALUES (" + (ROWS + 5) + ", 'data/extra.parquet', 1)",
                "UPDATE files SET bytes = bytes - 1 WHERE id = 123457; INSERT INTO files VALUES (77, 'data/77.parquet', 539);"
                + " DELETE FROM files WHERE id = " + (ROWS + 5),
                "files", List.of("id"), List.of("true"), 100);

        assertThat(result.splitOn()).isEqualTo("t.\"id\"");
        assertThat(result.rows()).extracting(RowDiff::kind, RowDiff::key).containsExactly(
                org.assertj.core.groups.Tuple.tuple("missing", "id=77"),
                org.assertj.core.groups.Tuple.tuple("changed", "id=123457"),
                org.assertj.core.groups.Tuple.tuple("extra", "id=" + (ROWS + 5)));
        assertThat(result.rows().get(1).columns()).containsExactly("bytes");
        assertThat(result.stats().levels()).as("200,000 rows / 16 / 16 < 1,000 rows per leaf").isEqualTo(2);
        assertThat(result.stats().rowsCompared()).isLessThanOrEqualTo(3 * Bisector.LEAF_ROWS);
    }

    @Test
    void theSegmentsOfTheManifestAreWhereTheBisectionStarts() throws Exception {
        execute(restored, "UPDATE files SET path = path || ' ' WHERE id = 150001");
        try {
            TableDigester digester = new TableDigester();
            TableInfo info = new CatalogInventory(List.of("public")).tables(source).stream()
                    .filter(t -> t.table().name().equals("files")).findFirst().orElseThrow();
            TableDigest left = digester.digest(source, info, 10_000, RowHash.TYPED);
            TableDigest right = digester.digestLike(restored, info, left);

            Bisector.Result result = bisector.bisect(source, restored, info.table(), List.of("id"),
                    ContentParityCheck.differingRanges(left, right), 100);

            assertThat(result.rows()).singleElement().satisfies(diff -> {
                assertThat(diff.key()).isEqualTo("id=150001");
                assertThat(diff.columns()).containsExactly("path");
            });
            assertThat(result.stats().rowsCompared()).isLessThanOrEqualTo(Bisector.LEAF_ROWS);
        } finally {
            execute(restored, "UPDATE files SET path = rtrim(path) WHERE id = 150001");
        }
    }

    @Test
    void aCompositeTextKeyIsNarrowedOnTheHashOfItsKey() throws Exception {
        Bisector.Result result = bisectDamaged("UPDATE tags SET v = 'x' WHERE name = 'tag-4242'",
                "UPDATE tags SET v = md5('4242') WHERE name = 'tag-4242'",
                "tags", List.of("name", "scope"), List.of("true"), 100);

        assertThat(result.splitOn()).startsWith("hashtextextended(ROW(");
        assertThat(result.rows()).singleElement().satisfies(diff -> {
            assertThat(diff.key()).isEqualTo("name=tag-4242, scope=scope-0");
            assertThat(diff.columns()).containsExactly("v");
        });
        assertThat(result.stats().rowsCompared()).isLessThanOrEqualTo(Bisector.LEAF_ROWS);
    }

    @Test
    void aTableWithoutKeyIsNarrowedOnTheHashOfItsRowsAndComparedAsAMultiset() throws Exception {
        Bisector.Result result = bisectDamaged("INSERT INTO events VALUES ('k7', 7)",
                "DELETE FROM events WHERE ctid = (SELECT max(ctid) FROM events WHERE kind = 'k7' AND at = 7)",
                "events", List.of(), List.of("true"), 100);

        assertThat(result.rows()).singleElement().satisfies(diff -> {
            assertThat(diff.kind()).isEqualTo("extra");
            assertThat(diff.source()).startsWith("10 x ");
            assertThat(diff.restored()).startsWith("11 x ").contains("\"kind\": \"k7\"");
        });
    }

    @Test
    void theBudgetStopsTheSearch() throws Exception {
        Bisector.Result result = bisectDamaged("UPDATE files SET bytes = 0 WHERE id % 1000 = 0",
                "UPDATE files SET bytes = id * 7 WHERE id % 1000 = 0",
                "files", List.of("id"), List.of("true"), 5);

        assertThat(result.rows()).hasSize(5).extracting(RowDiff::key).containsExactly("id=1000", "id=2000", "id=3000", "id=4000", "id=5000");
    }

    /** Damages the restored copy, bisects one of its tables against the source, and repairs it for the next test. */
    private Bisector.Result bisectDamaged(String damage, String repair, String table, List<String> key, List<String> ranges, int budget)
            throws Exception {
        execute(restored, damage);
        try {
            return bisector.bisect(source, restored, new TableRef("public", table), key, ranges, budget);
        } finally {
            execute(restored, repair);
        }
    }

    private static void execute(Connection connection, String sql) throws Exception {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
