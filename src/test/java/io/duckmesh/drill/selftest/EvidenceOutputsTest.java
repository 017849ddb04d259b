package io.duckmesh.drill.selftest;

import static io.duckmesh.drill.selftest.DrillOutcome.assertThatDrill;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.duckmesh.drill.postgres.PgSessions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a drill leaves for CI, alerting and audit: the exit code and failure category in
 * drill-summary.json, one history line per drill (and a row in drill.history.url's table, never in
 * the source), and the Prometheus metrics with the last success remembered across failures.
 */
@DrillServers
class EvidenceOutputsTest {

    @TempDir
    Path work;

    private ServerPair servers;

    @BeforeAll
    void start() throws Exception {
        servers.execute(servers.verificationAdmin(), "CREATE DATABASE drill_audit");
    }

    @Test
    void everyDrillIsRecordedWithItsExitCodeAndCategoryAndTheLastSuccessOutlivesAFailure() throws Exception {
        Path runs = work.resolve("runs");
        String history = servers.verificationUrl().replace("/postgres", "/drill_audit");

        DrillOutcome passed = servers.drill(runs, "duckmesh").with("drill.history.url", history).with("drill.history.user", "postgres").run();
        assertThatDrill(passed).passedEveryStage();
        assertThat(summary(passed)).containsExactly("0", "");
        Instant passedAt = Instant.parse(passed.summary().path("finishedAt").asText());
        DrillOutcome mismatch = servers.drill(runs, "duckmesh").with("drill.history.url", history).with("drill.history.user", "postgres")
                .damagingRestored("UPDATE namespaces SET name = name || ' ' WHERE namespace_id = 3").run();
        assertThat(summary(mismatch)).containsExactly("1", "parity mismatch");
        DrillOutcome unreachable = servers.drill(runs, "duckmesh").with("drill.history.url", history).with("drill.history.user", "postgres")
                .with("drill.source.url", "jdbc:postgresql://127.0.0.1:1/duckmesh").with("drill.timeout.connect", "PT2S").run();
        assertThat(summary(unreachable)).containsExactly("2", "infrastructure");

        List<JsonNode> lines = historyLines(runs);
        assertThat(lines).extracting(l -> l.path("status").asText() + " " + l.path("exitCode").asInt() + " " + l.path("failedStage").asText())
                .containsExactly("passed 0 ", "failed 1 ContentParity", "failed 2 Preflight");
        assertThat(rows()).containsExactly("passed 0 ", "failed 1 parity mismatch", "failed 2 infrastructure");
        String metrics = Files.readString(runs.resolve("reports/metrics/restore_drill.prom"));
        assertThat(metrics).contains("restore_drill_success{target=\"server\",source_database=\"duckmesh\"} 0",
                "restore_drill_exit_code{target=\"server\",source_database=\"duckmesh\"} 2",
                String.format("restore_drill_last_success_timestamp_seconds{target=\"server\",source_database=\"duckmesh\"} %d",
                        passedAt.getEpochSecond()));
    }

    @Test
    void anInvalidSettingIsAConfigurationFailureWithExitCode2() throws Exception {
        DrillOutcome outcome = servers.drill(work.resolve("invalid"), "duckmesh").with("drill.content.max-diff-rows", "many").run();

        assertThatDrill(outcome).failedOnlyAt("Preflight", "drill.content.max-diff-rows");
        assertThat(summary(outcome)).containsExactly("2", "configuration");
    }

    @Test
    void theHistoryIsNeverWrittenIntoTheSource() throws Exception {
        DrillOutcome outcome = servers.drill(work.resolve("into-source"), "duckmesh")
                .with("drill.history.url", servers.sourceUrl("duckmesh")).with("drill.history.user", "postgres").run();

        assertThat(outcome.stages()).filteredOn(s -> s.name().equals("Cleanup")).singleElement().satisfies(cleanup -> {
            assertThat(cleanup.status()).isEqualTo("failed");
            assertThat(cleanup.message()).startsWith("Cleanup could not finish: cannot record the drill in drill.history.url=")
                    .contains("names the source database", "the drill never writes to the source");
        });
        try (Connection source = servers.sessions().openReadOnly(servers.sourceAdmin().withDatabase("duckmesh"));
             Statement statement = source.createStatement();
             ResultSet rs = statement.executeQuery("SELECT to_regclass('public.restore_drill_history') IS NULL")) {
            rs.next();
            assertThat(rs.getBoolean(1)).as("no history table in the source").isTrue();
        }
    }

    private static List<String> summary(DrillOutcome outcome) throws Exception {
        JsonNode summary = outcome.summary();
        return List.of(summary.path("exitCode").asText(), summary.path("failureCategory").asText());
    }

    private static List<JsonNode> historyLines(Path runs) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(runs.resolve("reports/history/drills.jsonl"))) {
            lines.add(new ObjectMapper().readTree(line));
        }
        return lines;
    }

    private List<String> rows() throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection audit = servers.sessions().openReadOnly(servers.verificationAdmin().withDatabase("drill_audit"));
             Statement statement = audit.createStatement();
             ResultSet rs = statement.executeQuery("SELECT status, exit_code, failure_category FROM restore_drill_history ORDER BY started_at")) {
            while (rs.next()) {
                rows.add(rs.getString(1) + " " + rs.getInt(2) + " " + rs.getString(3));
            }
        }
        return rows;
    }
}
