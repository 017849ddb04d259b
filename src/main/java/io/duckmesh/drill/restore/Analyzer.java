package io.duckmesh.drill.restore;

import io.duckmesh.drill.inspect.TableRef;
import io.duckmesh.drill.postgres.Workers;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * ANALYZE of every restored table, as pg_restore's documentation advises: a restore leaves no planner
 * statistics, and queries planned without them pick poor plans. The fixture's invariants, for one,
 * hash the 8 million rows of data_files instead of the 0.7 million of delete_files (3.0 s against
 * 1.3 s each at 10 million rows). A small sample is enough to plan the checks: the sessions set
 * {@code default_statistics_target} to {@value #STATISTICS_TARGET} (3,000 rows a table), where the
 * default (30,000) took 0.34 s at 1 million rows. The tables are drawn from one queue by
 * drill.parallelism sessions. The drill analyzes the copy once, before the checks, so that no
 * automatic ANALYZE has reason to run beside them.
 */
public final class Analyzer {

    /** Opens a session to the restored copy. */
    @FunctionalInterface
    public interface Sessions {
        Connection open() throws SQLException;
    }

    static final int STATISTICS_TARGET = 10;

    private final int parallelism;

    public Analyzer(int parallelism) {
        this.parallelism = Math.max(1, parallelism);
    }

    /** Analyzes the tables, largest first; returns how many. */
    public int analyze(List<TableRef> tables, Sessions sessions) {
        Queue<TableRef> work = new ConcurrentLinkedQueue<>(largestFirst(tables, sessions));
        Workers.run(Math.min(parallelism, tables.size()), () -> drain(work, sessions));
        return tables.size();
    }

    private static List<TableRef> largestFirst(List<TableRef> tables, Sessions sessions) {
        java.util.Map<TableRef, Long> sizes = new java.util.HashMap<>();
        try (Connection connection = sessions.open();
             java.sql.PreparedStatement statement = connection.prepareStatement(
                     "SELECT pg_relation_size(t::regclass) FROM unnest(?::text[]) WITH ORDINALITY AS u(t, i) ORDER BY i")) {
            statement.setArray(1, connection.createArrayOf("text", tables.stream().map(TableRef::quoted).toArray()));
            try (java.sql.ResultSet rs = statement.executeQuery()) {
                for (int i = 0; rs.next(); i++) {
                    sizes.put(tables.get(i), rs.getLong(1));
                }
            }
        } catch (SQLException failed) {
            throw new IllegalStateException("Listing the sizes of the restored tables failed: " + failed.getMessage(), failed);
        }
        return tables.stream().sorted(java.util.Comparator.comparing((TableRef t) -> sizes.getOrDefault(t, 0L)).reversed()).toList();
    }

    private static void drain(Queue<TableRef> work, Sessions sessions) {
        TableRef table = null;
        try (Connection connection = sessions.open(); Statement statement = connection.createStatement()) {
            statement.execute("SET default_statistics_target = " + STATISTICS_TARGET);
            for (table = work.poll(); table != null; table = work.poll()) {
                statement.execute("ANALYZE " + table.quoted());
            }
        } catch (SQLException failed) {
            throw new IllegalStateException("ANALYZE " + (table == null ? "of the restored copy" : table.quoted()) + " failed: "
                    + failed.getMessage() + ". The restore role must own the restored tables (or be a superuser).", failed);
        }
    }
}
