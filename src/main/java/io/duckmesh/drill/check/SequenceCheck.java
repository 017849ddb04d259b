package io.duckmesh.drill.check;

import io.duckmesh.drill.inspect.SequenceInfo;
import io.duckmesh.drill.inspect.TableRef;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Every sequence on the restored copy will hand out a value past the column it feeds. A sequence
 * restored behind its column makes the next insert fail with a duplicate key, the day after the
 * restore, in production.
 */
public final class SequenceCheck {

    public CheckResult check(Connection connection, List<SequenceInfo> sequences) throws SQLException {
        List<Finding> findings = new ArrayList<>();
        List<List<String>> evidence = new ArrayList<>();
        try (Statement statement = connection.createStatement()) {
            for (SequenceInfo sequence : sequences) {
                String column = TableRef.quote(sequence.column());
                String aggregate = sequence.increment() > 0 ? "max" : "min";
                String sql = "SELECT s.last_value, s.is_called, (SELECT " + aggregate + "(" + column + ")::bigint FROM "
                        + sequence.table().quoted() + ") AS extreme FROM " + sequence.sequence().quoted() + " s";
                try (ResultSet rs = statement.executeQuery(sql)) {
                    rs.next();
                    long lastValue = rs.getLong("last_value");
                    long next = rs.getBoolean("is_called") ? lastValue + sequence.increment() : lastValue;
                    long extreme = rs.getLong("extreme");
                    boolean empty = rs.wasNull();
                    boolean ok = empty || (sequence.increment() > 0 ? next > extreme : next < extreme);
                    String feeds = sequence.table() + "." + sequence.column();
                    evidence.add(List.of(sequence.sequence().toString(), feeds, Long.toString(next), empty ? "(empty)" : Long.toString(extreme),
                            ok ? "ok" : "BEHIND"));
                    if (!ok) {
                        findings.add(Finding.restoredOnly(sequence.sequence().toString(),
                                "sequence would hand out a value already used in " + feeds,
                                "next value " + (sequence.increment() > 0 ? "above " : "below ") + aggregate + "(" + sequence.column() + ") = " + extreme,
                                "next value " + next));
                    }
                }
            }
        }
        return CheckResult.expectation("sequences ahead of their columns", sequences.size() + " sequences", findings,
                "pg_restore sets each sequence from the dump; a sequence behind its column means the dump was"
                        + " taken inconsistently or the sequence was reset. Fix with SELECT setval(...) and find out why.",
                new EvidenceTable("sequences", List.of("sequence", "feeds", "next value", "column max/min", "result"), evidence));
    }
}
