package io.duckmesh.drill.pipeline;

import io.duckmesh.drill.evidence.AllureResultsFiles;
import io.duckmesh.drill.evidence.DrillSummary;
import io.duckmesh.drill.evidence.StageOutcome;
import io.duckmesh.drill.evidence.ToolVersion;
import io.duckmesh.drill.settings.DrillSettings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The verdict of a drill.databases run, once every database's Cleanup has written its own summary: the
 * run's drill-summary.json (the cluster's exit code, and per database its verdict, time, findings and
 * where its own summary is), the Allure environment naming the databases, and the report history carried
 * from the previous run. The cluster's exit code is 1 when any database's backup or restore is bad, else 2
 * when the drill could not judge one, else 0.
 */
public final class ClusterReport {

    private final DrillCluster cluster;
    private final DrillSettings settings;

    public ClusterReport(DrillCluster cluster, DrillSettings settings) {
        this.cluster = cluster;
        this.settings = settings;
    }

    /** The run's summary as data: {@code exitCode}, {@code status}, {@code databases}. */
    public Map<String, Object> summary() {
        List<Map<String, Object>> databases = new ArrayList<>();
        Map<String, DrillContext> opened = cluster.opened();
        for (String database : cluster.databases()) {
            databases.add(Optional.ofNullable(opened.get(database)).map(drill -> database(database, drill))
                    .orElseGet(() -> notRun(database)));
        }
        int exitCode = databases.stream().mapToInt(d -> (Integer) d.get("exitCode")).anyMatch(code -> code == 1) ? 1
                : databases.stream().mapToInt(d -> (Integer) d.get("exitCode")).max().orElse(2);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("schemaVersion", DrillSummary.SCHEMA_VERSION);
        root.put("kind", "cluster");
        root.put("status", exitCode == 0 ? "passed" : "failed");
        root.put("exitCode", exitCode);
        root.put("failed", databases.stream().filter(d -> !"passed".equals(d.get("status"))).map(d -> d.get("database")).toList());
        root.put("target", settings.target().setting());
        root.put("source", settings.sourceEndpoint().toString());
        root.put("databasesSetting", String.join(",", settings.databases()));
        root.put("parallelDatabases", settings.parallelDatabases());
        root.put("startedAt", opened.values().stream().map(DrillContext::startedAt).min(java.util.Comparator.naturalOrder())
                .map(Object::toString).orElse(""));
        root.put("finishedAt", java.time.Instant.now().toString());
        root.put("databases", databases);
        return root;
    }

    private Map<String, Object> database(String database, DrillContext drill) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("database", database);
        Optional<DrillSummary> summary = drill.summary();
        int exitCode = summary.map(DrillSummary::exitCode).orElse(2);
        entry.put("status", summary.map(s -> (String) s.asMap().get("status")).orElse("failed"));
        entry.put("exitCode", exitCode);
        entry.put("failureCategory", summary.map(s -> (String) s.asMap().get("failureCategory"))
                .orElse("the drill could not write this database's summary (see its Cleanup)"));
        entry.put("runId", drill.runId());
        entry.put("durationMs", drill.outcomes().stream().mapToLong(StageOutcome::durationMs).sum());
        entry.put("firstFailure", drill.firstFailure().map(f -> f.label() + ": " + f.message()).orElse(""));
        entry.put("restoreFindings", drill.findingsByKind().get(io.duckmesh.drill.result.Finding.Kind.RESTORE).size());
        entry.put("sourceFindings", drill.findingsByKind().get(io.duckmesh.drill.result.Finding.Kind.SOURCE).size());
        entry.put("summary", drill.validSettings().map(s -> s.reportsDir().resolve("drill-summary.json").toString()).orElse(""));
        return entry;
    }

    private static Map<String, Object> notRun(String database) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("database", database);
        entry.put("status", "failed");
        entry.put("exitCode", 2);
        entry.put("failureCategory", "not drilled: no stage ran for it");
        return entry;
    }

    /** Writes the summary, the Allure environment and history, and prints a line per database. */
    public Path write(PrintStream console) {
        Map<String, Object> summary = summary();
        Path file = DrillSummary.write(settings.reportsDir(), summary);
        @SuppressWarnings("unchecked") // summary() builds databases as this list
        List<Map<String, Object>> databases = (List<Map<String, Object>>) summary.get("databases");
        for (Map<String, Object> database : databases) {
            console.println(String.format(Locale.ROOT, "[drill] %-30s %-7s %7.1f s  %s", database.get("database"),
                    String.valueOf(database.get("status")).toUpperCase(Locale.ROOT),
                    ((Number) database.getOrDefault("durationMs", 0L)).longValue() / 1000.0,
                    database.getOrDefault("firstFailure", database.get("failureCategory"))));
        }
        console.println("[drill] cluster: " + databases.size() + " databases, " + ((List<?>) summary.get("failed")).size()
                + " failed; summary: " + file + " (exit code " + summary.get("exitCode") + ")");
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("drill.target", settings.target().setting());
        environment.put("source", settings.sourceEndpoint().toString());
        environment.put("drill.databases", String.join(",", settings.databases()));
        environment.put("databases", String.join(", ", cluster.databases()));
        environment.put("drill.cluster.parallel-databases", Integer.toString(settings.parallelDatabases()));
        environment.put("drill.version", ToolVersion.current());
        AllureResultsFiles allure = new AllureResultsFiles(Path.of(System.getProperty("allure.results.directory", "allure-results")));
        allure.write(environment, System.getenv());
        allure.carryHistory(settings.reportsDir().resolve("allure-history"));
        return file;
    }
}
