package io.duckmesh.drill.evidence;

import io.duckmesh.drill.result.FailureCategory;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metrics file is valid Prometheus text (promtool check metrics), the alert rules are valid and
 * fire when they should (promtool check rules, promtool test rules), and the rules and the Grafana
 * dashboard only use metrics the drill writes.
 */
class MetricsAndAlertsTest {

    private static final Pattern METRIC = Pattern.compile("restore_drill_[a-z_]+");

    @TempDir
    Path work;

    @Test
    void theMetricsFileIsValidPrometheusTextWithEscapedLabels() throws Exception {
        Path file = new PrometheusMetrics("server", "duck\"mesh").write(work, figures());
        String text = Files.readString(file);

        assertThat(text).contains("restore_drill_success{target=\"server\",source_database=\"duck\\\"mesh\"} 0",
                "restore_drill_findings{target=\"server\",source_database=\"duck\\\"mesh\",check=\"content parity\",stage=\"ContentParity\"} 2",
                "restore_drill_stage_status{target=\"server\",source_database=\"duck\\\"mesh\",stage=\"ContentParity\",status=\"failed\"} 1",
                "restore_drill_restore_duration_target_seconds{target=\"server\",source_database=\"duck\\\"mesh\"} 3600",
                "restore_drill_findings_by_kind{target=\"server\",source_database=\"duck\\\"mesh\",kind=\"source\"} 1",
                "restore_drill_source_snapshot_held_seconds{target=\"server\",source_database=\"duck\\\"mesh\"} 30.500",
                "restore_drill_source_lock_seconds{target=\"server\",source_database=\"duck\\\"mesh\"} 2.500");
        assertThat(promtool(text, "check", "metrics")).as("promtool check metrics").isEqualTo("");
        assertThat(work.resolve("metrics")).isDirectoryNotContaining("glob:**.tmp");
    }

    @Test
    void theAlertRulesAreValidAndFireWhenTheyShould() throws Exception {
        assertThat(promtool("", "check", "rules", "ops/prometheus/restore-drill.rules.yml")).contains("SUCCESS: 7 rules found");
        assertThat(promtool("", "test", "rules", "ops/prometheus/restore-drill.rules.test.yml")).contains("SUCCESS");
    }

    @Test
    void theRulesAndTheDashboardUseOnlyMetricsTheDrillWrites() throws Exception {
        TreeSet<String> written = names(new PrometheusMetrics("server", "duckmesh").render(figures()));
        TreeSet<String> used = names(Files.readString(Path.of("ops/prometheus/restore-drill.rules.yml"))
                + Files.readString(Path.of("ops/grafana/restore-drill.json")));

        assertThat(written).containsAll(used);
        assertThat(used).contains("restore_drill_last_success_timestamp_seconds", "restore_drill_findings",
                "restore_drill_restore_duration_seconds", "restore_drill_restore_duration_target_seconds");
    }

    private static PrometheusMetrics.Figures figures() {
        List<StageOutcome> stages = List.of(new StageOutcome(20, "Restore", StageOutcome.Status.PASSED, 1500, 0, ""),
                new StageOutcome(50, "ContentParity", StageOutcome.Status.FAILED, 300, 2, "2 findings: ...",
                        Optional.of(FailureCategory.PARITY_MISMATCH)));
        return new PrometheusMetrics.Figures(Instant.parse("2026-11-25T23:00:00Z"), Optional.of(Instant.parse("2026-11-24T23:00:00Z")),
                false, 1, Duration.ofSeconds(42), stages, Map.of(new io.duckmesh.drill.result.StageCheck("ContentParity", "content parity"), 2),
                Map.of("restore", 2, "source", 1, "by design", 0), Optional.of(30.5), Optional.of(2.5), Optional.of(1.5),
                Optional.of(Duration.ofHours(1)), Optional.of(3600.0), Optional.of(Duration.ofHours(26)), Optional.of(123_456L), "test",
                "run-1");
    }

    private static TreeSet<String> names(String text) {
        TreeSet<String> names = new TreeSet<>();
        Matcher matcher = METRIC.matcher(text);
        while (matcher.find()) {
            names.add(matcher.group());
        }
        return names;
    }

    /** Runs promtool (Debian's prometheus package, installed by .ci/run); on a machine without it, only outside CI, skips. */
    private static String promtool(String stdin, String... arguments) throws Exception {
        Optional<Path> promtool = List.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)).stream()
                .map(dir -> Path.of(dir, "promtool")).filter(Files::isExecutable).findFirst();
        if (promtool.isEmpty()) {
            assertThat(System.getenv("CI")).as("promtool must be installed in CI (.ci/run installs prometheus)").isNull();
            Assumptions.abort("promtool is not installed (apt-get install prometheus); the metrics and rules were not validated");
        }
        List<String> command = new ArrayList<>(List.of(promtool.get().toString()));
        command.addAll(List.of(arguments));
        Path out = Files.createTempFile("promtool", ".out");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().close();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool finished within 60 s").isTrue();
            String output = Files.readString(out);
            assertThat(process.exitValue()).as("%s: %s", command, output).isZero();
            return output;
        } finally {
            Files.delete(out);
        }
    }
}
