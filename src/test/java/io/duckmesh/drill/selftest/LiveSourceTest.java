package io.duckmesh.drill.selftest;

import static io.duckmesh.drill.selftest.DrillOutcome.assertThatDrill;
import static org.assertj.core.api.Assertions.assertThat;

import io.duckmesh.drill.postgres.PgSessions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The source is written all through the drill (inserts, updates and deletes, at least 100
 * transactions a second). Parity taken in the dump's own snapshot sees no difference; parity taken
 * from the live source after the dump does, which proves the writer really moves the source.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveSourceTest {

    @TempDir
    Path work;

    private ServerPair servers;

    @BeforeAll
    void startServers() throws Exception {
        servers = new ServerPair().load("duckmesh");
    }

    @AfterAll
    void stopServers() {
        servers.close();
    }

    @Test
    void drillOfASourceUnderWritesHasNoFindings() throws Exception {
        try (Writer writer = new Writer(servers, 0)) {
            DrillOutcome outcome = servers.drill(work, "duckmesh").run();

            double rate = writer.stop();

            System.out.printf("live writer: %.0f transactions/s during the drill%n", rate);
            assertThatDrill(outcome).passedEveryStage();
            assertThat(rate).as("writer transactions per second").isGreaterThanOrEqualTo(100);
        }
    }

    @Test
    void sameDrillWithTheManifestTakenAfterTheDumpShowsDrift() throws Exception {
        try (Writer writer = new Writer(servers, 1_000_000)) {
            DrillOutcome outcome = servers.drill(work, "duckmesh").with("drill.parity.live-source", "true").run();

            assertThat(writer.stop()).as("writer transactions per second").isGreaterThanOrEqualTo(100);
            assertThatDrill(outcome).failedOnlyAt("ContentParity", "row differs in column record_count",
                    "writes since the dump may explain it");
        }
    }

    /** Inserts, updates and deletes in its own transactions, as fast as the source takes them, until stopped. */
    private static final class Writer implements AutoCloseable {
        // Inserts and deletes balance out (each deletes the key inserted ten transactions before),
        // so counts barely move while content keeps changing: only content parity sees the drift.

        private final AtomicBoolean running = new AtomicBoolean(true);
        private final CompletableFuture<Long> transactions;
        private final long started = System.nanoTime();

        Writer(ServerPair servers, int keyOffset) {
            PgSessions sessions = new PgSessions(Duration.ofSeconds(10), Duration.ofSeconds(30));
            transactions = CompletableFuture.supplyAsync(() -> {
                long count = 0;
                try (Connection connection = sessions.openWritable(servers.sourceAdmin().withDatabase("duckmesh"));
                     PreparedStatement insert = connection.prepareStatement(
                             "INSERT INTO table_properties (table_id, key, value) VALUES (1, ?, 'written during the drill')");
                     PreparedStatement update = connection.prepareStatement(
                             "UPDATE data_files SET record_count = record_count + 1 WHERE file_id = ?");
                     PreparedStatement delete = connection.prepareStatement(
                             "DELETE FROM table_properties WHERE table_id = 1 AND key = ?")) {
                    connection.setAutoCommit(false);
                    while (running.get()) {
                        long n = keyOffset + count;
                        insert.setString(1, "live-" + n);
                        insert.executeUpdate();
                        update.setLong(1, 1 + n % 8000);
                        update.executeUpdate();
                        delete.setString(1, "live-" + (n - 10));
                        delete.executeUpdate();
                        connection.commit();
                        count++;
                    }
                } catch (java.sql.SQLException failed) {
                    throw new IllegalStateException("The live writer failed: " + failed.getMessage(), failed);
                }
                return count;
            });
        }

        /** Stops the writer; returns its transactions per second. */
        double stop() {
            running.set(false);
            long count = transactions.join();
            return count / (Duration.ofNanos(System.nanoTime() - started).toMillis() / 1000.0);
        }

        @Override
        public void close() {
            running.set(false);
        }
    }
}
