package io.duckmesh.drill.check;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every sequence of the restored copy is in the state the dump recorded ({@code last_value},
 * {@code is_called}, from the archive's SEQUENCE SET entries). Compared with the dump rather than
 * the source, because a sequence is not transactional: under writes the source's moves on after
 * pg_dump read it, and that is no restore fault.
 */
public final class SequenceStateCheck {

    private static final Pattern SETVAL = Pattern.compile("SELECT pg_catalog\\.setval\\('((?:[^']|'')+)', (-?\\d+), (true|false)\\);");

    /** The archive entries whose SQL sets sequence states. */
    public static List<String> sequenceSetEntries(List<String> toc) {
        return toc.stream().filter(line -> line.contains(" SEQUENCE SET ")).toList();
    }

    /** Sequence name (as pg_dump quotes it) to "last_value, is_called", from the SQL of the SEQUENCE SET entries. */
    public static Map<String, String> recorded(String sql) {
        Map<String, String> states = new TreeMap<>();
        Matcher matcher = SETVAL.matcher(sql);
        while (matcher.find()) {
            states.put(matcher.group(1).replace("''", "'"), matcher.group(2) + ", " + matcher.group(3));
        }
        return states;
    }

    public CheckResult check(Connection connection, Map<String, String> recorded) throws SQLException {
        List<Finding> findings = new ArrayList<>();
        List<List<String>> evidence = new ArrayList<>();
        try (Statement statement = connection.createStatement()) {
            for (Map.Entry<String, String> sequence : recorded.entrySet()) {
                String restored;
                try (ResultSet rs = statement.executeQuery("SELECT last_value, is_called FROM " + sequence.getKey())) {
                    rs.next();
                    restored = rs.getLong(1) + ", " + rs.getBoolean(2);
                }
                boolean same = restored.equals(sequence.getValue());
                evidence.add(List.of(sequence.getKey(), sequence.getValue(), restored, same ? "same" : "DIFFERS"));
                if (!same) {
                    findings.add(new Finding(sequence.getKey(), "sequence state (last_value, is_called) is not the one the dump recorded"
                            + " (manifest sequences)",
                            sequence.getValue(), restored));
                }
            }
        }
        return new CheckResult("sequence state", recorded.size() + " sequences", findings,
                "the restore did not apply the dump's SEQUENCE SET; new rows would get other ids than on the source."
                        + " Read the restore log of stage 20 Restore.", "manifest", "restored",
                new EvidenceTable("sequence states", List.of("sequence", "manifest (dump's SEQUENCE SET)", "restored", "result"),
                        evidence));
    }
}
