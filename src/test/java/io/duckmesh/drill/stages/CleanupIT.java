package io.duckmesh.drill.stages;

import static org.assertj.core.api.Assertions.assertThat;

import io.duckmesh.drill.DrillContext;
import io.duckmesh.drill.backup.DumpArtifact;
import io.duckmesh.drill.backup.DumpPruner;
import io.duckmesh.drill.backup.DumpRetention;
import io.duckmesh.drill.evidence.DrillSummary;
import io.duckmesh.drill.evidence.StageOutcome;
import io.duckmesh.drill.settings.DrillSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

@DrillStage(alwaysRuns = true)
@Order(90)
@DisplayName("90 Cleanup")
class CleanupIT {

    @Test
    void drillLeavesNothingBehind(DrillContext drill, StageSupport stage) {
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
        drill.evidence().step("stop what the drill started", () -> problems.addAll(drill.release()));

        Path reports = settings.reportsDir();
        List<StageOutcome> stages = new ArrayList<>(drill.outcomes());
        stages.add(new StageOutcome(90, "Cleanup", problems.isEmpty() ? StageOutcome.Status.PASSED : StageOutcome.Status.FAILED,
                Duration.between(drill.startedAt(), Instant.now()).toMillis() - stages.stream().mapToLong(StageOutcome::durationMs).sum(),
                problems.size(), String.join("; ", problems)));
        Path summary = summary(drill, stages).write(reports);
        drill.evidence().console("summary: " + summary);
        drill.evidence().console("HTML report: " + reports.resolve("allure-report/index.html")
                + " (rendered by make drill after the stages)");
        assertThat(problems).as("what the drill could not stop or delete; remove it by hand").isEmpty();
    }

    private static DrillSummary summary(DrillContext drill, List<StageOutcome> stages) {
        DrillSummary summary = new DrillSummary(drill.runId(), drill.startedAt().toString(), Instant.now().toString(),
                drill.bestEffortSettings().target(),
                drill.sourceIfKnown().map(s -> s.endpoint().toString() + " (" + s.description() + ")").orElse("not reached"),
                drill.dryRun(), stages);
        drill.dumpIfTaken().ifPresent(dump -> summary.with("dump", dumpFacts(dump)));
        drill.restoreResult().ifPresent(r -> summary.with("restoreSeconds", r.duration().toMillis() / 1000.0));
        drill.facts().forEach((name, value) -> {
            if (!name.equals("restoreSeconds")) {
                summary.with(name, value);
            }
        });
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
