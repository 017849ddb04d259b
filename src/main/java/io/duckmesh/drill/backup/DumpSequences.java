package io.duckmesh.drill.backup;

import io.duckmesh.drill.backup.Manifest.SequenceState;
import io.duckmesh.drill.check.SequenceStateCheck;
import io.duckmesh.drill.postgres.PgClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The sequence states a dump sets on restore, read from its SEQUENCE SET entries. A sequence is not
 * transactional, so these (what pg_dump read) are what a sound restore must show, not the source's
 * value at any other moment.
 */
public final class DumpSequences {

    private DumpSequences() {
    }

    public static List<SequenceState> read(PgClient client, Path dump, List<String> toc) {
        List<String> entries = SequenceStateCheck.sequenceSetEntries(toc);
        List<SequenceState> states = new ArrayList<>();
        if (entries.isEmpty()) {
            return states;
        }
        SequenceStateCheck.recorded(client.entriesSql(dump, entries)).forEach((name, state) -> {
            String[] parts = state.split(", ");
            states.add(new SequenceState(name, Long.parseLong(parts[0]), Boolean.parseBoolean(parts[1])));
        });
        return states;
    }
}
