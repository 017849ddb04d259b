package io.duckmesh.drill.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SequenceStateCheckTest {

    @Test
    void recordedStatesAreReadFromTheDumpsSetvalStatements() {
        String sql = String.join("\n",
                "SELECT pg_catalog.set_config('search_path', '', false);",
                "SELECT pg_catalog.setval('public.data_files_file_id_seq', 8000, true);",
                "SELECT pg_catalog.setval('\"Odd Schema\".\"it''s_seq\"', 1, false);");

        assertThat(SequenceStateCheck.recorded(sql)).containsExactly(
                org.assertj.core.api.Assertions.entry("\"Odd Schema\".\"it's_seq\"", "1, false"),
                org.assertj.core.api.Assertions.entry("public.data_files_file_id_seq", "8000, true"));
    }

    @Test
    void onlySequenceSetEntriesAreChosen() {
        List<String> toc = List.of("3404; 0 0 SEQUENCE SET ops integrity_runs_run_id_seq postgres",
                "215; 1259 16390 SEQUENCE public data_files_file_id_seq postgres",
                "3390; 0 16391 TABLE DATA public data_files postgres");

        assertThat(SequenceStateCheck.sequenceSetEntries(toc)).containsExactly("3404; 0 0 SEQUENCE SET ops integrity_runs_run_id_seq postgres");
    }
}
