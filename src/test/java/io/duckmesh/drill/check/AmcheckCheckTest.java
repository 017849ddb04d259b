package io.duckmesh.drill.check;

import io.duckmesh.drill.result.CheckResult;
import io.duckmesh.drill.result.Finding;
import static org.assertj.core.api.Assertions.assertThat;

import io.duckmesh.drill.postgres.EmbeddedServer;
import io.duckmesh.drill.postgres.PgSessions;
import io.duckmesh.drill.selftest.IndexCorruption;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AmcheckCheckTest {

    private EmbeddedServer server;
    private PgSessions sessions;
    private Connection connection;

    @BeforeAll
    void createTables() throws Exception {
        server = EmbeddedServer.start("amcheck test", Duration.ofSeconds(60));
        sessions = new PgSessions(Duration.ofSeconds(10), Duration.ofSeconds(60));
        connection = sessions.openWritable(server.endpoint("postgres"));
        try (Statement statement = connection.createStatement()) {
            for (int i = 1; i <= 5; i++) {
                statement.execute("CREATE TABLE t" + i + " (id bigint PRIMARY KEY, v text); CREATE INDEX t" + i + "_v ON t" + i + " (v);"
                        + " INSERT INTO t" + i + " SELECT g, md5(g::text) FROM generate_series(1, " + (i * 1000) + ") g");
            }
            statement.execute(IndexCorruption.entriesNotMatchingRows("t3", "id"));
            statement.execute(IndexCorruption.itemsOutOfOrder("t4", "id"));
        }
        assertThat(new AmcheckCheck(false).install(connection)).isEmpty();
    }

    @AfterAll
    void stop() throws Exception {
        connection.close();
        server.close();
    }

    @Test
    void theStructureCheckFindsIndexEntriesOutOfOrder() throws Exception {
        CheckResult result = new AmcheckCheck(false).check(connection, List.of("public"));

        assertThat(result.scope()).isEqualTo("12 indexes and 5 tables");
        assertThat(result.findings()).singleElement().satisfies(f -> {
            assertThat(f.subject()).isEqualTo("index public.drill_corrupt_idx");
            assertThat(f.restored()).contains("item order invariant violated");
        });
    }

    /** The blind spot drill.amcheck.heapallindexed closes: entries in order, but not those of the rows. */
    @Test
    void onlyHeapAllIndexedFindsEntriesThatDoNotMatchTheRows() throws Exception {
        CheckResult result = new AmcheckCheck(true).check(connection, List.of("public"));

        assertThat(result.scope()).isEqualTo("12 indexes (heapallindexed) and 5 tables");
        assertThat(result.findings()).extracting(Finding::subject)
                .containsExactlyInAnyOrder("index public.drill_corrupt_idx", "index public.drill_stale_idx");
    }

    @Test
    void sessionsDrawingFromOneQueueCheckEveryObjectOnceLargestFirst() throws Exception {
        AmcheckCheck amcheck = new AmcheckCheck(true);
        List<AmcheckCheck.Target> targets = amcheck.targets(connection, List.of("public"));
        assertThat(targets).extracting(AmcheckCheck.Target::bytes).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        Queue<AmcheckCheck.Target> work = new ConcurrentLinkedQueue<>(targets);
        String scope = amcheck.scope(targets);

        List<ConcurrentChecks.Timed> ran = new ConcurrentChecks(3).addShared("amcheck",
                session -> amcheck.check(session, work, scope), parts -> CheckResult.merged(parts, scope))
                .run(() -> sessions.openWritable(server.endpoint("postgres")));

        CheckResult whole = amcheck.check(connection, List.of("public"));
        assertThat(ran).singleElement().satisfies(timed -> {
            assertThat(timed.result().scope()).isEqualTo(whole.scope());
            assertThat(timed.result().evidence().rows()).containsExactlyInAnyOrderElementsOf(whole.evidence().rows())
                    .doesNotHaveDuplicates();
            assertThat(timed.result().findings()).containsExactlyInAnyOrderElementsOf(whole.findings());
        });
    }
}
