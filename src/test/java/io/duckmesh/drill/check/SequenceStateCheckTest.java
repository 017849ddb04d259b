package io.duckmesh.drill.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.duckmesh.drill.postgres.EmbeddedServer;
import io.duckmesh.drill.postgres.PgSessions;
import io.duckmesh.drill.result.CheckResult;
import io.duckmesh.drill.result.Finding;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SequenceStateCheckTest {

    @Test
    void recordedStatesAreReadFromTheDumpsSetvalStatements() {
        String sql = String.join("\n",
                "SELECT pg_catalog.set_config('search_path', '', false);",
                "SELECT pg_catalog.setval('public.data_files_file_id_seq', 8000, true);",
                "SELECT pg_catalog.setval('\"Odd Schema\".\"it''s_seq\"', 1, false);");

        assertThat(io.duckmesh.drill.backup.DumpSequences.recorded(sql)).containsExactly(
                org.assertj.core.api.Assertions.entry("\"Odd Schema\".\"it's_seq\"", "1, false"),
                org.assertj.core.api.Assertions.entry("public.data_files_file_id_seq", "8000, true"));
    }

    @Test
    void onlySequenceSetEntriesAreChosen() {
        List<String> toc = List.of("3404; 0 0 SEQUENCE SET ops integrity_runs_run_id_seq postgres",
                "215; 1259 16390 SEQUENCE public data_files_file_id_seq postgres",
                "3390; 0 16391 TABLE DATA public data_files postgres");

        assertThat(io.duckmesh.drill.backup.DumpSequences.sequenceSetEntries(toc)).containsExactly("3404; 0 0 SEQUENCE SET ops integrity_runs_run_id_seq postgres");
    }

    /** A name from a hand-edited manifest is looked up as a parameter, never run as SQL. */
    @Test
    void aManifestNameIsNeverRunAsSql() throws Exception {
        try (EmbeddedServer server = EmbeddedServer.start("sequence state test", Duration.ofSeconds(60));
             Connection connection = new PgSessions(Duration.ofSeconds(10), Duration.ofSeconds(30)).openWritable(server.endpoint("postgres"));
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE victim (id int); CREATE SEQUENCE \"Odd Seq\"; SELECT setval('\"Odd Seq\"', 41)");

            CheckResult result = new SequenceStateCheck().check(connection, new java.util.TreeMap<>(Map.of(
                    "public.\"Odd Seq\"", "41, true",
                    "public.victim", "1, true",
                    "public.missing_seq", "1, true",
                    "(SELECT 1) x; DROP TABLE victim; --", "1, true")));

            assertThat(result.findings()).extracting(Finding::subject, Finding::restored).containsExactlyInAnyOrder(
                    org.assertj.core.groups.Tuple.tuple("public.victim", "(not a sequence: relkind r)"),
                    org.assertj.core.groups.Tuple.tuple("public.missing_seq", "(no such sequence)"),
                    org.assertj.core.groups.Tuple.tuple("(SELECT 1) x; DROP TABLE victim; --",
                            "(not a sequence name as pg_dump writes it; the manifest was edited)"));
            try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM pg_class WHERE relname = 'victim'")) {
                rs.next();
                assertThat(rs.getInt(1)).as("the table the edited name would drop").isOne();
            }
        }
    }
}
