package io.duckmesh.drill.restore;

import static org.assertj.core.api.Assertions.assertThat;

import io.duckmesh.drill.backup.ArchiveReader;
import io.duckmesh.drill.inspect.CatalogInventory;
import io.duckmesh.drill.inspect.ParallelDigester;
import io.duckmesh.drill.inspect.RowHash;
import io.duckmesh.drill.inspect.TableDigest;
import io.duckmesh.drill.inspect.TableDigester;
import io.duckmesh.drill.inspect.TableInfo;
import io.duckmesh.drill.inspect.TableRef;
import io.duckmesh.drill.postgres.Command;
import io.duckmesh.drill.postgres.CommandResult;
import io.duckmesh.drill.postgres.CommandRunner;
import io.duckmesh.drill.postgres.EmbeddedServer;
import io.duckmesh.drill.postgres.PgEndpoint;
import io.duckmesh.drill.postgres.PgSessions;
import io.duckmesh.drill.postgres.PgTools;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The digests taken while a parallel pg_restore runs are exactly those taken after it, and the
 * tables pg_restore is done with early are read early.
 */
class DigestsDuringRestoreTest {

    private static final long CHUNK_ROWS = 20_000;
    private static final Duration LONG = Duration.ofMinutes(2);

    private static EmbeddedServer server;
    private static final PgSessions SESSIONS = new PgSessions(Duration.ofSeconds(10), Duration.ofSeconds(60));
    private static final CommandRunner RUNNER = new CommandRunner();
    private static PgTools tools;

    @TempDir
    static Path work;

    private static Path dump;
    private static Map<TableRef, TableDigest> source;

    @BeforeAll
    static void dumpASourceOfEveryKind() throws Exception {
        server = EmbeddedServer.start("digests during restore test", Duration.ofSeconds(60));
        tools = new PgTools(Optional.empty(), System.getenv("PATH"), RUNNER);
        execute(server.endpoint("postgres"), "CREATE DATABASE src");
        PgEndpoint src = server.endpoint("src");
        execute(src, "CREATE TABLE big (id bigint PRIMARY KEY, path text UNIQUE, stats jsonb, parts text[]);"
                + " INSERT INTO big SELECT i, 'p/' || i, jsonb_build_object('n', i, 'x', i * 1.10), ARRAY['a' || i % 7]"
                + "   FROM generate_series(1, 60000) i;"
                + " CREATE SCHEMA \"odd name\"; CREATE TABLE \"odd name\".\"a b\" (id int PRIMARY KEY, big_id bigint REFERENCES big);"
                + " INSERT INTO \"odd name\".\"a b\" SELECT i, i FROM generate_series(1, 500) i;"
                + " CREATE TABLE measures (at date, v int) PARTITION BY RANGE (at);"
                + " CREATE TABLE measures_2025 PARTITION OF measures FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');"
                + " CREATE TABLE measures_2026 PARTITION OF measures FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');"
                + " INSERT INTO measures SELECT date '2025-06-01' + i % 400, i FROM generate_series(1, 3000) i;"
                + " CREATE MATERIALIZED VIEW path_counts AS SELECT parts[1] AS part, count(*) FROM big GROUP BY 1;"
                + " CREATE TABLE empty (id int PRIMARY KEY)");
        source = new TreeMap<>();
        try (Connection connection = SESSIONS.openWritable(src)) {
            for (TableInfo table : new CatalogInventory(List.of()).tables(connection)) {
                source.put(table.table(), new TableDigester().digest(connection, table, CHUNK_ROWS, RowHash.TYPED));
            }
        }
        dump = work.resolve("src.dump");
        CommandResult dumped = RUNNER.run(Command.of(tools.locate("pg_dump").orElseThrow(), List.of("--format=custom",
                "--host=" + src.host(), "--port=" + src.port(), "--username=" + src.user(), "--dbname=src", "--file=" + dump), src), LONG);
        assertThat(dumped.succeeded()).as(dumped.output()).isTrue();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theDigestsTakenWhilePgRestoreRunsAreThoseOfTheRestoredCopyAndTheSource() throws Exception {
        PgEndpoint copy = freshDatabase("copy");
        DigestsDuringRestore during = during(copy);

        CommandResult restored = new Restorer(tools.locate("pg_restore").orElseThrow(), RUNNER, LONG, 2)
                .restore(copy, dump, false, during::accept);
        assertThat(restored.succeeded()).as(restored.output()).isTrue();
        Map<TableRef, TableDigest> taken = during.finish();

        Map<TableRef, TableDigest> after;
        try (Connection connection = SESSIONS.openWritable(copy)) {
            after = new ParallelDigester(2).digestAll(new CatalogInventory(List.of()).tables(connection), source,
                    () -> SESSIONS.openWritable(copy), CHUNK_ROWS);
        }
        assertThat(taken).isEqualTo(after).isEqualTo(source);
        assertThat(taken.get(new TableRef("public", "big")).plan()).as("segmented like the source's").isNotNull();
        assertThat(during.readEarly()).as("tables pg_restore was done with before it ended")
                .contains(new TableRef("odd name", "a b"), new TableRef("public", "measures_2025"), new TableRef("public", "empty"))
                .doesNotContain(new TableRef("public", "measures"), new TableRef("public", "path_counts"));
    }

    @Test
    void aFailedRestoreStopsTheSessionAndLeavesNothingRunning() throws Exception {
        PgEndpoint copy = freshDatabase("failed");
        execute(copy, "CREATE TABLE big (id int)");
        DigestsDuringRestore during = during(copy);

        CommandResult restored = new Restorer(tools.locate("pg_restore").orElseThrow(), RUNNER, LONG, 2)
                .restore(copy, dump, false, during::accept);

        assertThat(restored.succeeded()).isFalse();
        assertThat(during.abandon()).isEmpty();
        assertThat(during.readEarly()).isEmpty();
    }

    private static DigestsDuringRestore during(PgEndpoint copy) throws Exception {
        List<String> toc = new ArchiveReader(tools.locate("pg_restore").orElseThrow(), RUNNER).entries(dump, LONG);
        return new DigestsDuringRestore(SettledTables.of(toc, source.keySet()), source, CHUNK_ROWS, 2,
                () -> SESSIONS.openWritable(copy), () -> {
                    try (Connection connection = SESSIONS.openWritable(copy)) {
                        return new CatalogInventory(List.of()).tables(connection);
                    }
                });
    }

    private static PgEndpoint freshDatabase(String name) throws Exception {
        execute(server.endpoint("postgres"), "CREATE DATABASE " + name);
        return server.endpoint(name);
    }

    private static void execute(PgEndpoint database, String sql) throws Exception {
        try (Connection connection = SESSIONS.openWritable(database); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
