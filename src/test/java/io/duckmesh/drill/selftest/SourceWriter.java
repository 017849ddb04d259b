package io.duckmesh.drill.selftest;

import io.duckmesh.drill.postgres.PgSessions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writes the fixture catalog's source all through a drill: inserts, updates and deletes in its own
 * transactions, as fast as the source takes them, until stopped.
 */
final class SourceWriter implements AutoCloseable {
    // Inserts and deletes balance out (each deletes the key inserted ten transactions before),
    // so counts barely move while content keeps changing: only content parity sees the drift.

    /** The writer's application_name on the source, so probes of the drill's own sessions can leave it out. */
    static final String APPLICATION_NAME = "selftest writer";

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final CompletableFuture<Long> transactions;
    private final long started = System.nanoTime();

    SourceWriter(ServerPair servers, int keyOffset) {
        PgSessions sessions = new PgSessions(Duration.ofSeconds(10), Duration.ofSeconds(30));
        transactions = CompletableFuture.supplyAsync(() -> {
            long count = 0;
            try (Connection connection = sessions.openWritable(servers.sourceAdmin().withDatabase("duckmesh"));
                 java.sql.Statement named = connection.createStatement();
                 PreparedStatement insert = connection.prepareStatement(
                         "INSERT INTO table_properties (table_id, key, value) VALUES (1, ?, 'written during the drill')");
                 PreparedStatement update = connection.prepareStatement(
                         "UPDATE data_files SET record_count = record_count + 1 WHERE file_id = ?");
                 PreparedStatement delete = connection.prepareStatement(
                         "DELETE FROM table_properties WHERE table_id = 1 AND key = ?")) {
                named.execute("SET application_name = '" + APPLICATION_NAME + "'");
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
