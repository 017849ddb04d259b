package io.duckmesh.drill.pipeline;

import io.duckmesh.drill.backup.DumpArtifact;
import io.duckmesh.drill.backup.DumpPruner;
import io.duckmesh.drill.backup.DumpRetention;
import io.duckmesh.drill.evidence.AllureResultsFiles;
import io.duckmesh.drill.evidence.DrillHistory;
import io.duckmesh.drill.evidence.DrillSummary;
import io.duckmesh.drill.evidence.HistoryTable;
import io.duckmesh.drill.evidence.PrometheusMetrics;
import io.duckmesh.drill.evidence.ToolVersion;
import io.duckmesh.drill.postgres.ServerIdentity;
import io.duckmesh.drill.result.FailureCategory;
import io.duckmesh.drill.evidence.StageOutcome;
import io.duckmesh.drill.settings.DrillSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * 90 Cleanup: drops the throwaway database, stops what the drill started, applies the dump retention and writes the
 * summary, the history line and the metrics; runs whatever happened before.
 */
public final class Cleanup implements StageStep {

    @Override
    public void run(DrillContext drill, StageScope stage) throws Exception {
        Instant started = Instant.now();
        boolean failed = drill.firstFailure().isPresent();
        List<String> problems = new ArrayList<>();
        DrillSettings settings = drill.bestEffortSettings();
        String retention = settings.dumpRetain();
        drill.dumpIfTaken().filter(DumpArtifact::ownedByDrill).ifPresent(dump -> drill.evidence().step("dump retention: " + retention,
                () -> {
                    DumpRetention.Decision decision = new DumpRetention(retention).apply(dump.file(), failed);
                    drill.evidence().console(decision.message());
                }));
        drill.dumpIfTaken().filter(dump -> !dump.ownedByDrill()).ifPresent(dump ->
                drill.evidence().console("left the existing backup " + dump.file() + " as it was (the drill never deletes a backup it did not write)"));
        settings.dumpKeepLast().ifPresent(keep -> drill.evidence().step("keep the newest " + keep + " dumps the drill wrote in "
                + settings.dumpDir() + " (drill.dump.keep-last)", () -> {
            List<Path> pruned = new DumpPruner().prune(settings.dumpDir(), keep,
                    drill.dumpIfTaken().filter(dump -> failed).map(DumpArtifact::file));
            pruned.forEach(old -> drill.evidence().console("pruned the old dump " + old + " and its manifest (drill.dump.keep-last=" + keep + ")"));
        }));
        if (drill.dryRun()) {
            stage.plan("stop the embedded servers and apply drill.dump.retain=" + retention, "EmbeddedPostgres.close()");
        }
        drill.evidence().step("end the source snapshot, if a stage before did not", () -> {
            try {
                drill.releaseSnapshot("Cleanup");
            } catch (IllegalStateException cannotEnd) {
                problems.add(cannotEnd.getMessage());
            }
        });
        drill.evidence().step("stop what the drill started", () -> problems.addAll(drill.release()));

        List<StageOutcome> stages = new ArrayList<>(drill.outcomes());
        stages.add(new StageOutcome(90, "Cleanup", problems.isEmpty() ? StageOutcome.Status.PASSED : StageOutcome.Status.FAILED,
                cleanupMillis(drill, settings, started, stages),
                problems.size(), String.join("; ", problems),
                problems.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(FailureCategory.INFRASTRUCTURE)));
        DrillSummary summary = summary(drill, stages);
        if (!drill.dryRun()) {
            settings.historyEndpoint().ifPresent(history -> drill.evidence().step("record the drill in restore_drill_history on " + history,
                    () -> {
                        try {
                            new HistoryTable(drill.sessions()).record(history, sourceIdentity(drill), DrillHistory.line(summary.asMap()));
                        } catch (java.sql.SQLException cannotRecord) {
                            problems.add("cannot record the drill in drill.history.url=" + history + ": " + cannotRecord.getMessage());
                        }
                    }));
        }
        if (problems.size() != stages.get(stages.size() - 1).findings()) {
            stages.set(stages.size() - 1, new StageOutcome(90, "Cleanup", StageOutcome.Status.FAILED, stages.get(stages.size() - 1).durationMs(),
                    problems.size(), String.join("; ", problems), java.util.Optional.of(FailureCategory.INFRASTRUCTURE)));
        }
        DrillSummary written = problems.isEmpty() ? summary : summary(drill, stages);
        record(drill, settings, stages, written);
        drill.summarised(written);
        if (!problems.isEmpty()) {
            throw new AssertionError("Cleanup could not finish: " + String.join("; ", problems) + ". Fix or remove it by hand.");
        }
    }

    /** drill-summary.json, the history line, the metrics and Allure's environment, executor and categories. */
    private static void record(DrillContext drill, DrillSettings settings, List<StageOutcome> stages, DrillSummary summary) {
        Path reports = settings.reportsDir();
        drill.evidence().console("summary: " + summary.write(reports) + " (exit code " + summary.exitCode()
                + summary.failureCategory().map(c -> ", " + c.label()).orElse("") + ")");
        DrillHistory history = new DrillHistory(reports);
        Optional<Instant> lastSuccess = summary.exitCode() == 0 && !drill.dryRun() ? Optional.of(Instant.now()) : history.lastSuccess();
        history.append(DrillHistory.line(summary.asMap()));
        String sourceDatabase = drill.sourceIfKnown().map(s -> s.endpoint().database())
                .orElseGet(() -> settings.oneOfSeveral() ? settings.sourceEndpoint().database() : "unknown");
        PrometheusMetrics prometheus = new PrometheusMetrics(settings.target().setting(), sourceDatabase);
        Duration took = settings.oneOfSeveral() ? Duration.ofMillis(stages.stream().mapToLong(StageOutcome::durationMs).sum())
                : Duration.between(drill.startedAt(), Instant.now());
        PrometheusMetrics.Figures figures = new PrometheusMetrics.Figures(
                Instant.now(), lastSuccess, summary.exitCode() == 0, summary.exitCode(), took,
                stages, drill.checkFindings(), kindCounts(drill), drill.figure(Figure.SNAPSHOT_HELD_SECONDS),
                drill.figure(Figure.MANIFEST_LOCK_SECONDS), drill.restoreResult().map(Cleanup::seconds), settings.rtoMax(),
                drill.figure(Figure.BACKUP_AGE_SECONDS),
                settings.rpoMaxAge(), drill.dumpIfTaken().map(DumpArtifact::sizeBytes), ToolVersion.current(), drill.runId());
        // One folder of metrics for the whole run, one file per database: a textfile collector reads them all.
        Path metrics = settings.oneOfSeveral()
                ? prometheus.write(settings.runReportsDir(), "restore_drill_" + DrillSettings.safeFileName(sourceDatabase), figures)
                : prometheus.write(reports, figures);
        drill.evidence().console("metrics: " + metrics + "; history: " + history.file());
        if (settings.oneOfSeveral()) {
            return; // the run's Allure environment and history are the cluster's (ClusterReport), written once after every database
        }
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("drill.target", settings.target().setting());
        environment.put("source", drill.sourceIfKnown().map(s -> s.endpoint().toString()).orElse("not reached"));
        Optional<Prepared> prepared = drill.preparedIfAny();
        environment.put("source.server.version", prepared.flatMap(Prepared::sourceIdentity)
                .map(identity -> Integer.toString(identity.serverVersionNum())).orElse("unknown"));
        environment.put("pg_dump.version", prepared.map(p -> p.pgDumpVersion().text()).orElse("unknown"));
        environment.put("backup", drill.dumpIfTaken().map(d -> d.file() + (d.ownedByDrill() ? " (taken by this drill)" : " (existing)"))
                .orElse("none"));
        environment.put("drill.version", ToolVersion.current());
        environment.put("drill.run.id", drill.runId());
        AllureResultsFiles allure = new AllureResultsFiles(Path.of(System.getProperty("allure.results.directory", "allure-results")));
        allure.write(environment, System.getenv());
        allure.carryHistory(reports.resolve("allure-history"));
        drill.evidence().console("HTML report: " + reports.resolve("allure-report/index.html")
                + " (rendered by make drill after the stages)");
    }

    /**
     * How long Cleanup took: alone, time between the stages counts too (the drill's wall time less the other
     * stages'); for one database of several, only its own run, as the others' stages ran in between.
     */
    private static long cleanupMillis(DrillContext drill, DrillSettings settings, Instant started, List<StageOutcome> stages) {
        return settings.oneOfSeveral() ? Duration.between(started, Instant.now()).toMillis()
                : Duration.between(drill.startedAt(), Instant.now()).toMillis() - stages.stream().mapToLong(StageOutcome::durationMs).sum();
    }

    private static Map<String, Integer> kindCounts(DrillContext drill) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        drill.findingsByKind().forEach((kind, found) -> counts.put(kind.label(), found.size()));
        return counts;
    }

    /** How long pg_restore ran: the RTO figure. */
    private static double seconds(io.duckmesh.drill.postgres.CommandResult restore) {
        return restore.duration().toMillis() / 1000.0;
    }

    private static Optional<ServerIdentity> sourceIdentity(DrillContext drill) {
        return drill.preparedIfAny().flatMap(Prepared::sourceIdentity);
    }

    private static DrillSummary summary(DrillContext drill, List<StageOutcome> stages) {
        DrillSummary summary = new DrillSummary(drill.runId(), drill.startedAt().toString(), Instant.now().toString(),
                drill.bestEffortSettings().target().setting(),
                drill.sourceIfKnown().map(s -> s.endpoint().toString() + " (" + s.description() + ")").orElse("not reached"),
                drill.dryRun(), stages);
        drill.dumpIfTaken().ifPresent(dump -> summary.with("dump", dumpFacts(dump)));
        Map<io.duckmesh.drill.result.Finding.Kind, List<Map<String, Object>>> byKind = drill.findingsByKind();
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("restore", byKind.get(io.duckmesh.drill.result.Finding.Kind.RESTORE).size());
        counts.put("source", byKind.get(io.duckmesh.drill.result.Finding.Kind.SOURCE).size());
        counts.put("byDesign", byKind.get(io.duckmesh.drill.result.Finding.Kind.BY_DESIGN).size());
        summary.with("findingsByKind", counts);
        summary.with("restoreFindings", byKind.get(io.duckmesh.drill.result.Finding.Kind.RESTORE));
        summary.with("sourceFindings", byKind.get(io.duckmesh.drill.result.Finding.Kind.SOURCE));
        summary.with("byDesignNotes", byKind.get(io.duckmesh.drill.result.Finding.Kind.BY_DESIGN));
        drill.restoreResult().ifPresent(r -> summary.with("restoreSeconds", seconds(r)));
        drill.figures().forEach(summary::with);
        return summary;
    }

    private static Map<String, Object> dumpFacts(DumpArtifact dump) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("file", dump.file().toString());
        facts.put("format", dump.format());
        facts.put("ownedByDrill", dump.ownedByDrill());
        facts.put("sizeBytes", dump.sizeBytes());
        facts.put("sha256", dump.sha256());
        facts.put("durationMs", dump.duration().toMillis());
        facts.put("archiveEntries", dump.archiveEntries());
        return facts;
    }
}
