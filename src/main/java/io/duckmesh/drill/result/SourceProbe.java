package io.duckmesh.drill.result;

import io.duckmesh.drill.result.Finding;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Runs a check's own query on the source, to tell a problem the restore made from one the source
 * already has: when the source returns the same rows as the restored copy, the copy is faithful and
 * the finding is the source's. Each call is a short read-only transaction of its own (in the dump's
 * exported snapshot where the drill took the dump), so nothing is held on the source between calls.
 */
@FunctionalInterface
public interface SourceProbe {

    /** The query's rows on the source (at most {@code maxRows}), or empty when the source cannot be asked. */
    Optional<Answer> rows(String sql, int maxRows) throws SQLException;

    /** The source's rows, and how the source was seen ("in the dump's snapshot", "on the live source now"). */
    record Answer(List<String> rows, String seen) {
        public Answer {
            rows = List.copyOf(rows);
        }
    }

    /** No source to ask: every finding stays the restore's. */
    static SourceProbe none() {
        return (sql, maxRows) -> Optional.empty();
    }

    /**
     * The finding as the source's when the source returns exactly the rows the restored copy did, else
     * as it was.
     */
    default Finding attribute(Finding finding, String sql, List<String> restoredRows, int maxRows) throws SQLException {
        Optional<Answer> answer = rows(sql, maxRows);
        if (answer.isPresent() && new java.util.TreeSet<>(answer.get().rows()).equals(new java.util.TreeSet<>(restoredRows))
                && answer.get().rows().size() == restoredRows.size()) {
            return finding.as(Finding.Kind.SOURCE, "the source " + answer.get().seen() + " returns the same "
                    + restoredRows.size() + " row" + (restoredRows.size() == 1 ? "" : "s"));
        }
        return finding;
    }
}
