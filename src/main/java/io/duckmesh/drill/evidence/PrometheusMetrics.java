package io.duckmesh.drill.evidence;

import io.duckmesh.drill.result.StageCheck;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code reports/metrics/restore_drill.prom}: the drill's figures in Prometheus' text format, for
 * node_exporter's textfile collector or a Pushgateway. Every series carries {@code target} and
 * {@code source_database}; the file is replaced atomically so a scrape never sees half of it.
 * The alert rules in ops/prometheus/restore-drill.rules.yml and the Grafana dashboard in
 * ops/grafana/restore-drill.json use these names.
 */
public final class PrometheusMetrics {

    /** A drill's figures: what the summary says, plus the last success and the objectives. */
    public record Figures(Instant finishedAt, Optional<Instant> lastSuccess, boolean passed, int exitCode, Duration duration,
                          List<StageOutcome> stages, Map<StageCheck, Integer> findingsByStageAndCheck,
                          Map<String, Integer> findingsByKind, Optional<Double> snapshotHeldSeconds, Optional<Double> sourceLockSeconds,
                          Optional<Double> restoreSeconds,
                          Optional<Duration> rtoMax, Optional<Double> backupAgeSeconds, Optional<Duration> rpoMaxAge,
                          Optional<Long> dumpBytes, String version, String runId) {
    }

    private final StringBuilder text = new StringBuilder();
    private final Map<String, String> common = new LinkedHashMap<>();

    public PrometheusMetrics(String target, String sourceDatabase) {
        common.put("target", target);
        common.put("source_database", sourceDatabase);
    }

    public String render(Figures figures) {
        text.setLength(0);
        gauge("restore_drill_info", "The drill that wrote this file (value 1).",
                List.of(sample(Map.of("version", figures.version(), "run_id", figures.runId()), 1)));
        gauge("restore_drill_last_run_timestamp_seconds", "When the last drill finished, passed or not (Unix time).",
                List.of(sample(Map.of(), seconds(figures.finishedAt()))));
        figures.lastSuccess().ifPresent(at -> gauge("restore_drill_last_success_timestamp_seconds",
                "When the last drill that passed finished (Unix time).", List.of(sample(Map.of(), seconds(at)))));
        gauge("restore_drill_success", "1 when the last drill passed, else 0.", List.of(sample(Map.of(), figures.passed() ? 1 : 0)));
        gauge("restore_drill_exit_code", "The last drill's exit code: 0 passed, 1 the backup or restore is bad, 2 configuration or"
                + " infrastructure.", List.of(sample(Map.of(), figures.exitCode())));
        gauge("restore_drill_duration_seconds", "How long the last drill took.",
                List.of(sample(Map.of(), figures.duration().toMillis() / 1000.0)));
        List<String> durations = new ArrayList<>();
        List<String> statuses = new ArrayList<>();
        for (StageOutcome stage : figures.stages()) {
            durations.add(sample(Map.of("stage", stage.name()), stage.durationMs() / 1000.0));
            for (StageOutcome.Status status : StageOutcome.Status.values()) {
                statuses.add(sample(Map.of("stage", stage.name(), "status", status.json()), stage.status() == status ? 1 : 0));
            }
        }
        gauge("restore_drill_stage_duration_seconds", "How long each stage of the last drill took.", durations);
        gauge("restore_drill_stage_status", "Each stage's end state in the last drill (1 for the state it ended in).", statuses);
        List<String> findings = new ArrayList<>();
        new java.util.TreeMap<>(figures.findingsByStageAndCheck()).forEach((key, count) ->
                findings.add(sample(Map.of("stage", key.stage(), "check", key.check()), count)));
        gauge("restore_drill_findings", "The restore's findings of each check in the last drill (0 when it found nothing).", findings);
        gauge("restore_drill_findings_by_kind", "Findings of the last drill by whose fault they are: restore (fails the drill),"
                + " source (the source has the same problem), by design (a difference pg_restore makes on purpose).",
                figures.findingsByKind().entrySet().stream().map(e -> sample(Map.of("kind", e.getKey()), e.getValue())).toList());
        figures.snapshotHeldSeconds().ifPresent(s -> gauge("restore_drill_source_snapshot_held_seconds",
                "How long the last drill held the dump's exported snapshot on the source (an idle transaction holding no lock; it"
                        + " holds back vacuum).", List.of(sample(Map.of(), s))));
        figures.sourceLockSeconds().ifPresent(s -> gauge("restore_drill_source_lock_seconds",
                "The longest the last drill's own sessions held a lock on source tables: the manifest's ACCESS SHARE locks (pg_dump's"
                        + " are its own).", List.of(sample(Map.of(), s))));
        figures.restoreSeconds().ifPresent(s -> gauge("restore_drill_restore_duration_seconds",
                "How long pg_restore took in the last drill (the RTO figure).", List.of(sample(Map.of(), s))));
        figures.rtoMax().ifPresent(max -> gauge("restore_drill_restore_duration_target_seconds",
                "The recovery time objective (drill.rto.max).", List.of(sample(Map.of(), max.toMillis() / 1000.0))));
        figures.backupAgeSeconds().ifPresent(s -> gauge("restore_drill_backup_age_seconds",
                "Age of the backup the last drill restored, at its start (the RPO figure).", List.of(sample(Map.of(), s))));
        figures.rpoMaxAge().ifPresent(max -> gauge("restore_drill_backup_age_target_seconds",
                "The recovery point objective (drill.rpo.max-age).", List.of(sample(Map.of(), max.toMillis() / 1000.0))));
        figures.dumpBytes().ifPresent(b -> gauge("restore_drill_dump_bytes", "Size of the dump the last drill restored.",
                List.of(sample(Map.of(), b))));
        return text.toString();
    }

    /** Writes the metrics to {@code reports/metrics/restore_drill.prom} through a temporary file and a rename. */
    public Path write(Path reportsDir, Figures figures) {
        return write(reportsDir, "restore_drill", figures);
    }

    /** Writes the metrics to {@code reports/metrics/<name>.prom}, as {@link #write(Path, Figures)} does. */
    public Path write(Path reportsDir, String name, Figures figures) {
        Path file = reportsDir.resolve("metrics").resolve(name + ".prom");
        try {
            Files.createDirectories(file.getParent());
            Path temporary = file.resolveSibling(name + ".prom.tmp");
            Files.writeString(temporary, render(figures), StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return file;
        } catch (IOException cannotWrite) {
            throw new UncheckedIOException("Cannot write the metrics " + file + "; check drill.reports.dir", cannotWrite);
        }
    }

    private void gauge(String name, String help, List<String> samples) {
        if (samples.isEmpty()) {
            return;
        }
        text.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
        text.append("# TYPE ").append(name).append(" gauge\n");
        samples.forEach(sample -> text.append(name).append(sample).append('\n'));
    }

    private String sample(Map<String, ?> labels, Number value) {
        Map<String, Object> all = new LinkedHashMap<>(common);
        new java.util.TreeMap<>(labels).forEach(all::put);
        StringBuilder out = new StringBuilder("{");
        all.forEach((name, labelValue) -> out.append(out.length() > 1 ? "," : "").append(name).append("=\"")
                .append(String.valueOf(labelValue).replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")).append('"'));
        return out.append("} ").append(format(value)).toString();
    }

    private static String format(Number value) {
        double d = value.doubleValue();
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : String.format(Locale.ROOT, "%.3f", d);
    }

    private static double seconds(Instant at) {
        return at.toEpochMilli() / 1000.0;
    }
}
