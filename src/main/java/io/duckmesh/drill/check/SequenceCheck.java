package io.duckmesh.drill.check;

import io.duckmesh.drill.result.EvidenceTable;
import io.duckmesh.drill.result.CheckResult;
import io.duckmesh.drill.result.Finding;
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
        return check(connection, sequences, java.util.Map.of());
    }

    /**
     * @param recorded the states the dump recorded ({@link io.duckmesh.drill.backup.DumpSequences.recorded}, names as pg_dump quotes
     *                 them): a sequence behind its column whose restored state is the one the dump recorded was
     *                 behind in the source too (its column's rows are the source's: ContentParity compared them),
     *                 so that finding is the source's
     */
    public CheckResult check(Connection connection, List<SequenceInfo> sequences, java.util.Map<String, String> recorded)
            throws SQLException {
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
                        Finding finding = Finding.restoredOnly(Finding.Code.SEQUENCE_BEHIND, sequence.sequence().toString(),
                                "sequence would hand out a value already used in " + feeds,
                                "next value " + (sequence.increment() > 0 ? "above " : "below ") + aggregate + "(" + sequence.column() + ") = " + extreme,
                                "next value " + next);
                        String state = lastValue + ", " + rs.getBoolean("is_called");
                        String dumped = recorded.get(dumpName(connection, sequence.sequence()));
                        findings.add(state.equals(dumped) ? finding.as(Finding.Kind.SOURCE,
                                "the dump recorded this state (" + dumped + "), so the source's sequence was behind its column too") : finding);
                    }
                }
            }
        }
        return CheckResult.expectation("sequences ahead of their columns", sequences.size() + " sequences", findings,
                "pg_restore sets each sequence from the dump; a sequence behind its column means the dump was"
                        + " taken inconsistently or the sequence was reset. Fix with SELECT setval(...) and find out why.",
                new EvidenceTable("sequences", List.of("sequence", "feeds", "next value", "column max/min", "result"), evidence));
    }

    /** The sequence's name as pg_dump writes it in its SEQUENCE SET entries (each part quoted only where needed). */
    private static String dumpName(Connection connection, TableRef sequence) throws SQLException {
        try (java.sql.PreparedStatement statement = connection.prepareStatement("SELECT quote_ident(?) || '.' || quote_ident(?)")) {
            statement.setString(1, sequence.schema());
            statement.setString(2, sequence.name());
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
