package io.duckmesh.drill.evidence;

import io.duckmesh.drill.result.FailureCategory;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes {@code drill-summary.json}: the machine-readable outcome of a drill, for CI and alerts.
 * Its schema is documented in docs/drill-summary.md; {@code schemaVersion} changes when it does.
 */
public final class DrillSummary {

    public static final int SCHEMA_VERSION = 1;

    private final Map<String, Object> root = new LinkedHashMap<>();
    private final Optional<FailureCategory> failureCategory;

    public DrillSummary(String runId, String startedAt, String finishedAt, String target, String source, boolean dryRun,
                        List<StageOutcome> stages) {
        boolean failed = stages.stream().anyMatch(s -> s.status() == StageOutcome.Status.FAILED);
        this.failureCategory = stages.stream().filter(s -> s.status() == StageOutcome.Status.FAILED).findFirst()
                .map(s -> s.category().orElse(FailureCategory.INFRASTRUCTURE));
        root.put("schemaVersion", SCHEMA_VERSION);
        root.put("runId", runId);
        root.put("status", failed ? "failed" : "passed");
        root.put("exitCode", exitCode());
        root.put("failureCategory", failureCategory.map(FailureCategory::label).orElse(""));
        root.put("dryRun", dryRun);
        root.put("startedAt", startedAt);
        root.put("finishedAt", finishedAt);
        root.put("target", target);
        root.put("source", source);
        root.put("stages", stages.stream().map(DrillSummary::stage).toList());
    }

    /** 0 when every stage passed, else the first failure's category's: 1 the backup or restore is bad, 2 the drill could not judge. */
    public int exitCode() {
        return failureCategory.map(FailureCategory::exitCode).orElse(0);
    }

    public Optional<FailureCategory> failureCategory() {
        return failureCategory;
    }

    /** The summary as written, for the metrics and the history. */
    public Map<String, Object> asMap() {
        return java.util.Collections.unmodifiableMap(root);
    }

    /** Adds a section, such as the dump's facts or the restore duration. */
    public DrillSummary with(String key, Object value) {
        root.put(key, value);
        return this;
    }

    private static Map<String, Object> stage(StageOutcome outcome) {
        Map<String, Object> stage = new LinkedHashMap<>();
        stage.put("order", outcome.order());
        stage.put("name", outcome.name());
        stage.put("status", outcome.status().json());
        stage.put("durationMs", outcome.durationMs());
        stage.put("findings", outcome.findings());
        stage.put("message", outcome.message());
        stage.put("failureCategory", outcome.category().map(FailureCategory::label).orElse(""));
        return stage;
    }

    public Path write(Path reportsDir) {
        return write(reportsDir, root);
    }

    /** Writes {@code summary} as {@code reportsDir}/drill-summary.json, private to its owner: a drill's, or a cluster's. */
    public static Path write(Path reportsDir, Map<String, Object> summary) {
        Path file = reportsDir.resolve("drill-summary.json");
        try {
            PrivateReports.createFile(file);
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), summary);
            return file;
        } catch (IOException cannotWrite) {
            throw new UncheckedIOException("Cannot write " + file + "; check drill.reports.dir and its permissions", cannotWrite);
        }
    }
}
