package io.duckmesh.drill.backup;

import io.duckmesh.drill.backup.Manifest.SequenceState;
import io.duckmesh.drill.postgres.PgClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sequence states a dump sets on restore, read from its SEQUENCE SET entries. A sequence is not
 * transactional, so these (what pg_dump read) are what a sound restore must show, not the source's
 * value at any other moment.
 */
public final class DumpSequences {

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

    /**
     * A sequence name as pg_dump writes it in setval: one or two identifiers, each plain (lower case,
     * digits, _ and $) or double-quoted with doubled quotes inside. A manifest edited by hand can hold
     * anything; only such a name is looked up, and then only as a {@code regclass} parameter.
     */
    private static final Pattern QUOTED_NAME = Pattern.compile(
            "(?:[a-z_][a-z0-9_$]*|\"(?:[^\"\\x00]|\"\")+\")(?:\\.(?:[a-z_][a-z0-9_$]*|\"(?:[^\"\\x00]|\"\")+\"))?");

    /** Whether {@code name} is a sequence name as pg_dump quotes it (see {@link #QUOTED_NAME}). */
    public static boolean isQuotedName(String name) {
        return name != null && QUOTED_NAME.matcher(name).matches();
    }

    private DumpSequences() {
    }

    public static List<SequenceState> read(PgClient client, Path dump, List<String> toc) {
        List<String> entries = sequenceSetEntries(toc);
        List<SequenceState> states = new ArrayList<>();
        if (entries.isEmpty()) {
            return states;
        }
        recorded(client.entriesSql(dump, entries)).forEach((name, state) -> {
            String[] parts = state.split(", ");
            states.add(new SequenceState(name, Long.parseLong(parts[0]), Boolean.parseBoolean(parts[1])));
        });
        return states;
    }
}
