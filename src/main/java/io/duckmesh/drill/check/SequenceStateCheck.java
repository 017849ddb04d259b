package io.duckmesh.drill.check;

import io.duckmesh.drill.backup.DumpSequences;
import io.duckmesh.drill.result.EvidenceTable;
import io.duckmesh.drill.result.CheckResult;
import io.duckmesh.drill.result.Finding;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every sequence of the restored copy is in the state the dump recorded ({@code last_value},
 * {@code is_called}, from the archive's SEQUENCE SET entries). Compared with the dump rather than
 * the source, because a sequence is not transactional: under writes the source's moves on after
 * pg_dump read it, and that is no restore fault.
 */
public final class SequenceStateCheck {

    public CheckResult check(Connection connection, Map<String, String> recorded) throws SQLException {
        List<Finding> findings = new ArrayList<>();
        List<List<String>> evidence = new ArrayList<>();
        for (Map.Entry<String, String> sequence : recorded.entrySet()) {
            String restored = restoredState(connection, sequence.getKey());
            boolean same = restored.equals(sequence.getValue());
            evidence.add(List.of(sequence.getKey(), sequence.getValue(), restored, same ? "same" : "DIFFERS"));
            if (!same) {
                findings.add(new Finding(Finding.Code.SEQUENCE_STATE_DIFFERS, sequence.getKey(), "sequence state (last_value, is_called) is not the one the dump recorded"
                        + " (manifest sequences)",
                        sequence.getValue(), restored));
            }
        }
        return new CheckResult("sequence state", recorded.size() + " sequences", findings,
                "the restore did not apply the dump's SEQUENCE SET; new rows would get other ids than on the source."
                        + " Read the restore log of stage 20 Restore.", "manifest", "restored",
                new EvidenceTable("sequence states", List.of("sequence", "manifest (dump's SEQUENCE SET)", "restored", "result"),
                        evidence));
    }

    /**
     * "last_value, is_called" of the restored sequence, or why there is none. The name is passed as a
     * parameter and resolved by PostgreSQL ({@code to_regclass}); the query reading the sequence names
     * it by the oid's own {@code regclass} text, which PostgreSQL quotes, never by the manifest's text.
     */
    private static String restoredState(Connection connection, String name) throws SQLException {
        if (!DumpSequences.isQuotedName(name)) {
            return "(not a sequence name as pg_dump writes it; the manifest was edited)";
        }
        String relation;
        try (PreparedStatement lookup = connection.prepareStatement(
                "SELECT c.oid::regclass::text, c.relkind::text FROM pg_catalog.pg_class c WHERE c.oid = pg_catalog.to_regclass(?)")) {
            lookup.setString(1, name);
            try (ResultSet rs = lookup.executeQuery()) {
                if (!rs.next()) {
                    return "(no such sequence)";
                }
                if (!"S".equals(rs.getString(2))) {
                    return "(not a sequence: relkind " + rs.getString(2) + ")";
                }
                relation = rs.getString(1);
            }
        }
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT last_value, is_called FROM " + relation)) {
            rs.next();
            return rs.getLong(1) + ", " + rs.getBoolean(2);
        }
    }
}
