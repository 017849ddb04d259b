package io.duckmesh.drill.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import io.duckmesh.drill.check.ContentParityCheck;
import io.duckmesh.drill.postgres.ScratchServer;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TableDigesterTest {

    private final ScratchServer server = ScratchServer.start("digester test",
            "CREATE TABLE a (id bigint PRIMARY KEY, v text, at timestamptz);"
            + " INSERT INTO a SELECT i, 'row ' || i, timestamptz '2026-01-01' + i * interval '1 minute'"
            + " FROM generate_series(1, 1000) i;"
            + " CREATE TABLE b (LIKE a INCLUDING ALL); INSERT INTO b SELECT * FROM a ORDER BY id DESC;"
            + " UPDATE b SET v = 'changed' WHERE id = 537; ANALYZE");
    private final Connection connection = server.connection();
    private final TableDigester digester = new TableDigester();

    @AfterAll
    void stopServer() throws Exception {
        server.close();
    }

    @Test
    void segmentedDigestSumsToTheWholeTableDigest() throws Exception {
        TableDigest segmented = digester.digest(connection, info("a"), 100, RowHash.TYPED);
        TableDigest whole = digester.digest(connection, info("a"), 1_000_000, RowHash.TYPED);

        assertThat(segmented.plan()).isEqualTo(new SegmentPlan("id", 1, 100, 10));
        assertThat(segmented.segments()).hasSize(10).allSatisfy(s -> assertThat(s.rows()).isEqualTo(100));
        assertThat(whole.plan()).isNull();
        assertThat(segmented.rows()).isEqualTo(whole.rows()).isEqualTo(1000);
        assertThat(segmented.checksum()).isEqualTo(whole.checksum());
    }

    @Test
    void oneChangedRowNarrowsToOneKeyRangeWhateverThePhysicalOrder() throws Exception {
        TableDigest source = digester.digest(connection, info("a"), 100, RowHash.TYPED);
        TableDigest restored = digester.digestLike(connection, info("b"), source);

        assertThat(restored.checksum()).isNotEqualTo(source.checksum());
        assertThat(ContentParityCheck.differingRanges(source, restored)).containsExactly("t.\"id\" >= 501 AND t.\"id\" < 601");
    }

    @Test
    void aSegmentedTableDigestedInChunksOnManySessionsEqualsItsDigestOnOne() throws Exception {
        TableDigest source = digester.digest(connection, info("a"), 100, RowHash.TYPED);

        java.util.Map<TableRef, TableDigest> chunked = new ParallelDigester(3).digestAll(List.of(info("a"), info("b")),
                java.util.Map.of(new TableRef("public", "a"), source, new TableRef("public", "b"), source),
                () -> server.sessions().openWritable(server.endpoint("postgres")), 100);

        assertThat(chunked.get(new TableRef("public", "a"))).isEqualTo(source);
        assertThat(chunked.get(new TableRef("public", "b"))).isEqualTo(digester.digestLike(connection, info("b"), source));
        assertThat(ContentParityCheck.differingRanges(source, chunked.get(new TableRef("public", "b"))))
                .containsExactly("t.\"id\" >= 501 AND t.\"id\" < 601");
    }

    /** Block ranges, not key ranges: a table without a plan (or a key) is shared among the sessions too. */
    @Test
    void aTableWithoutAPlanDigestedInChunksEqualsItsDigestOnOne() throws Exception {
        TableDigest whole = digester.digest(connection, info("b"), 1_000_000, RowHash.TYPED);

        java.util.Map<TableRef, TableDigest> chunked = new ParallelDigester(3).digestAll(List.of(info("b")),
                java.util.Map.of(new TableRef("public", "b"), whole),
                () -> server.sessions().openWritable(server.endpoint("postgres")), 100);

        assertThat(whole.plan()).isNull();
        assertThat(chunked.get(new TableRef("public", "b"))).isEqualTo(whole);
    }

    @ParameterizedTest
    @EnumSource(RowHash.class)
    void valuesThatCompareEqualButPrintDifferentlyHaveDifferentDigests(RowHash hash) throws Exception {
        execute("CREATE TABLE IF NOT EXISTS n1 (id int PRIMARY KEY, amount numeric, ratio float8, doc jsonb, span interval);"
                + " TRUNCATE n1; INSERT INTO n1 VALUES (1, 1.10, 0, '{\"x\": 1.10}', '1 day');"
                + " CREATE TABLE IF NOT EXISTS n2 (LIKE n1 INCLUDING ALL); TRUNCATE n2; INSERT INTO n2 VALUES (1, 1.1, 0, '{\"x\": 1.10}', '1 day');"
                + " CREATE TABLE IF NOT EXISTS n3 (LIKE n1 INCLUDING ALL); TRUNCATE n3; INSERT INTO n3 VALUES (1, 1.10, '-0', '{\"x\": 1.10}', '1 day');"
                + " CREATE TABLE IF NOT EXISTS n4 (LIKE n1 INCLUDING ALL); TRUNCATE n4; INSERT INTO n4 VALUES (1, 1.10, 0, '{\"x\": 1.1}', '1 day');"
                + " CREATE TABLE IF NOT EXISTS n5 (LIKE n1 INCLUDING ALL); TRUNCATE n5; INSERT INTO n5 VALUES (1, 1.10, 0, '{\"x\": 1.10}', '24 hours')");

        String exact = digester.digest(connection, info("n1"), 1_000_000, hash).checksum();

        assertThat(digester.digest(connection, info("n2"), 1_000_000, hash).checksum()).as("1.10 against 1.1").isNotEqualTo(exact);
        assertThat(digester.digest(connection, info("n3"), 1_000_000, hash).checksum()).as("0 against -0").isNotEqualTo(exact);
        assertThat(digester.digest(connection, info("n4"), 1_000_000, hash).checksum()).as("1.10 against 1.1 in jsonb")
                .isNotEqualTo(exact);
        assertThat(digester.digest(connection, info("n5"), 1_000_000, hash).checksum()).as("1 day against 24 hours").isNotEqualTo(exact);
    }

    /**
     * Every column of every kind, changed in one row in turn, changes the digest: natively hashed
     * types (integers, boolean, bytea, date, timestamps, uuid, text, varchar) and those hashed by
     * their text (numeric, float, jsonb, arrays, enum, domain, interval, char(n), text under a
     * nondeterministic collation).
     */
    @ParameterizedTest
    @EnumSource(RowHash.class)
    void aChangeInAnyColumnOfAnyTypeChangesTheDigest(RowHash hash) throws Exception {
        execute("DO $$ BEGIN CREATE TYPE mood AS ENUM ('calm', 'busy'); EXCEPTION WHEN duplicate_object THEN NULL; END $$;"
                + " DO $$ BEGIN CREATE DOMAIN positive AS int CHECK (VALUE > 0); EXCEPTION WHEN duplicate_object THEN NULL; END $$;"
                + " CREATE COLLATION IF NOT EXISTS loose (provider = icu, locale = 'und-u-ks-level2', deterministic = false);"
                + " DROP TABLE IF EXISTS kinds; CREATE TABLE kinds (id int PRIMARY KEY, s smallint, b bigint, flag boolean, raw bytea,"
                + " day date, at timestamp, atz timestamptz, u uuid, t text, v varchar(20), n numeric, f float8, doc jsonb,"
                + " tags text[], m mood, p positive, span interval, c char(4), loose text COLLATE loose);"
                + " INSERT INTO kinds SELECT i, i, i * 10, i % 2 = 0, decode(md5(i::text), 'hex'), date '2026-01-01' + i,"
                + " timestamp '2026-01-01' + i * interval '1 s', timestamptz '2026-01-01' + i * interval '1 s',"
                + " md5(i::text)::uuid, 'text ' || i, 'v' || i, i + 0.5, i / 3.0, jsonb_build_object('i', i), ARRAY['a' || i],"
                + " 'calm', i, i * interval '1 minute', 'c' || i, 'Loose' || i FROM generate_series(1, 50) i");
        TableInfo kinds = info("kinds");
        assertThat(kinds.columns()).filteredOn(TableInfo.Column::nativeHash).extracting(TableInfo.Column::name)
                .containsExactly("id", "s", "b", "flag", "raw", "day", "at", "atz", "u", "t", "v");
        String untouched = digester.digest(connection, kinds, 1_000_000, hash).checksum();
        java.util.Map<String, String> changes = new java.util.LinkedHashMap<>();
        changes.put("s", "s = s + 1");
        changes.put("b", "b = b + 1");
        changes.put("flag", "flag = NOT flag");
        changes.put("raw", "raw = raw || '\\x00'::bytea");
        changes.put("day", "day = day + 1");
        changes.put("at", "at = at + interval '1 microsecond'");
        changes.put("atz", "atz = atz + interval '1 microsecond'");
        changes.put("u", "u = md5('other')::uuid");
        changes.put("t", "t = t || ' '");
        changes.put("v", "v = upper(v)");
        changes.put("n", "n = n::numeric(10, 2)");
        changes.put("f", "f = f + 1e-12");
        changes.put("doc", "doc = jsonb_build_object('i', 7.0)");
        changes.put("tags", "tags = ARRAY['a7', NULL]");
        changes.put("m", "m = 'busy'");
        changes.put("p", "p = p + 1");
        changes.put("span", "span = span + interval '1 s'");
        changes.put("c", "c = 'c8'");
        changes.put("loose", "loose = lower(loose)");
        changes.put("t null", "t = NULL");
        for (var change : changes.entrySet()) {
            connection.setAutoCommit(false);
            try {
                assertThat(execute("UPDATE kinds SET " + change.getValue() + " WHERE id = 7")).as(change.getKey()).isEqualTo(1);
                assertThat(digester.digest(connection, kinds, 1_000_000, hash).checksum()).as(change.getKey()).isNotEqualTo(untouched);
            } finally {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        }
        assertThat(digester.digest(connection, kinds, 1_000_000, hash).checksum()).isEqualTo(untouched);
    }

    /** The row hash is not a sum of column hashes: values swapped between two rows change the digest. */
    @ParameterizedTest
    @EnumSource(RowHash.class)
    void valuesSwappedBetweenRowsChangeTheDigest(RowHash hash) throws Exception {
        execute("DROP TABLE IF EXISTS swap1, swap2; CREATE TABLE swap1 (id int PRIMARY KEY, a bigint, note text);"
                + " INSERT INTO swap1 VALUES (1, 10, 'x'), (2, 20, 'y');"
                + " CREATE TABLE swap2 (LIKE swap1 INCLUDING ALL); INSERT INTO swap2 VALUES (1, 10, 'y'), (2, 20, 'x')");

        assertThat(digester.digest(connection, info("swap2"), 1_000_000, hash).checksum())
                .isNotEqualTo(digester.digest(connection, info("swap1"), 1_000_000, hash).checksum());
    }

    @Test
    void aFormatThreeDigestIsReproducedWithTheRowTextHash() throws Exception {
        TableDigest rowText = digester.digest(connection, info("a"), 100, RowHash.ROW_TEXT);
        TableDigest typed = digester.digest(connection, info("a"), 100, RowHash.TYPED);
        TableDigest old = new TableDigest("public", "a", rowText.rows(), true, rowText.checksum(), rowText.plan(), rowText.segments(), null);

        assertThat(old.rowHash()).isEqualTo(RowHash.ROW_TEXT);
        assertThat(typed.checksum()).isNotEqualTo(rowText.checksum());
        assertThat(digester.digestLike(connection, info("a"), old)).isEqualTo(rowText);
        assertThat(digester.digestLike(connection, info("a"), typed)).isEqualTo(typed);
    }

    @Test
    void equalRowsInAnotherOrderHaveEqualDigests() throws Exception {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE c (LIKE a INCLUDING ALL); INSERT INTO c SELECT * FROM a ORDER BY random()");
        }

        assertThat(digester.digest(connection, info("c"), 1_000_000, RowHash.TYPED).checksum())
                .isEqualTo(digester.digest(connection, info("a"), 1_000_000, RowHash.TYPED).checksum());
    }

    private TableInfo info(String name) throws Exception {
        return new CatalogInventory(List.of("public")).tables(connection).stream()
                .filter(t -> t.table().name().equals(name)).findFirst().orElseThrow();
    }

    private int execute(String sql) throws Exception {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
            return statement.getUpdateCount();
        }
    }
}
