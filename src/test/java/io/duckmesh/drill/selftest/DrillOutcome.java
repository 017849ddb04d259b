package io.duckmesh.drill.selftest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.assertj.core.api.AbstractAssert;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.EventType;

/** The result of one self-test drill: how each stage ended, the summary written, the dumps left. */
final class DrillOutcome {

    /** How one stage class ended in the run. */
    record Stage(String name, int order, String status, String message) {
    }

    private final EngineExecutionResults results;
    private final Path reportsDir;
    private final Path dumpDir;
    private final Optional<String> database;

    DrillOutcome(EngineExecutionResults results, Path reportsDir, Path dumpDir) {
        this(results, reportsDir, dumpDir, Optional.empty());
    }

    private DrillOutcome(EngineExecutionResults results, Path reportsDir, Path dumpDir, Optional<String> database) {
        this.results = results;
        this.reportsDir = reportsDir;
        this.dumpDir = dumpDir;
        this.database = database;
    }

    /** One database's drill of a drill.databases run: its stages' runs, its own drill-summary.json. */
    DrillOutcome database(String name) {
        return new DrillOutcome(results, reportsDir.resolve("databases").resolve(io.duckmesh.drill.settings.DrillSettings.safeFileName(name)),
                dumpDir, Optional.of(name));
    }

    /** The run's drill-summary.json (a drill.databases run's: the cluster's). */
    JsonNode runSummary() throws IOException {
        Path run = database.isPresent() ? reportsDir.getParent().getParent() : reportsDir;
        return new ObjectMapper().readTree(run.resolve("drill-summary.json").toFile());
    }

    /** Every stage (classes under .stages), in run order: of this database, in a drill.databases run's view of one. */
    List<Stage> stages() {
        return results.testEvents().stream()
                .filter(e -> database.map(name -> e.getTestDescriptor().getDisplayName().equals(name)).orElse(true))
                .filter(e -> e.getType() == EventType.FINISHED || e.getType() == EventType.SKIPPED)
                .map(DrillOutcome::stage)
                .filter(s -> s != null)
                .sorted(Comparator.comparingInt(Stage::order))
                .toList();
    }

    private static Stage stage(Event event) {
        Optional<MethodSource> source = event.getTestDescriptor().getSource()
                .filter(MethodSource.class::isInstance).map(MethodSource.class::cast);
        if (source.isEmpty() || !source.get().getClassName().contains(".stages.")) {
            return null;
        }
        Class<?> type = source.get().getJavaClass();
        String name = type.getSimpleName().replaceFirst("IT$", "");
        int order = type.getAnnotation(io.duckmesh.drill.stages.DrillStage.class).value().order();
        if (event.getType() == EventType.SKIPPED) {
            return new Stage(name, order, "skipped", event.getPayload(String.class).orElse(""));
        }
        TestExecutionResult result = event.getPayload(TestExecutionResult.class).orElseThrow();
        String message = result.getThrowable().map(t -> String.valueOf(t.getMessage())).orElse("");
        String status = switch (result.getStatus()) {
            case SUCCESSFUL -> "passed";
            case ABORTED -> "skipped";
            case FAILED -> "failed";
        };
        return new Stage(name, order, status, message);
    }

    /** The finding of {@code stage} with {@code code} about {@code subject} in drill-summary.json (the restore's or the source's). */
    Optional<JsonNode> finding(String stage, io.duckmesh.drill.result.Finding.Code code, String subject) throws IOException {
        JsonNode summary = summary();
        for (String list : List.of("restoreFindings", "sourceFindings")) {
            for (JsonNode f : summary.path(list)) {
                if (f.path("stage").asText().equals(stage) && f.path("code").asText().equals(code.name())
                        && f.path("subject").asText().equals(subject)) {
                    return Optional.of(f);
                }
            }
        }
        return Optional.empty();
    }

    JsonNode summary() throws IOException {
        return new ObjectMapper().readTree(reportsDir.resolve("drill-summary.json").toFile());
    }

    List<Path> dumpsLeft() throws IOException {
        if (!Files.isDirectory(dumpDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dumpDir)) {
            return files.toList();
        }
    }

    /** Fault class failures (DumpDamage, RestoredDamage): a broken self-test, not a drill finding. */
    List<String> harnessFailures() {
        return results.testEvents().failed().stream()
                .filter(e -> e.getTestDescriptor().getSource().map(s -> !s.toString().contains(".stages.")).orElse(true))
                .map(e -> e.getTestDescriptor().getDisplayName() + ": " + e.getPayload(TestExecutionResult.class)
                        .flatMap(TestExecutionResult::getThrowable).map(Throwable::getMessage).orElse(""))
                .toList();
    }

    static DrillOutcomeAssert assertThatDrill(DrillOutcome outcome) {
        return new DrillOutcomeAssert(outcome);
    }

    /** Assertions over a whole drill run. */
    static final class DrillOutcomeAssert extends AbstractAssert<DrillOutcomeAssert, DrillOutcome> {

        DrillOutcomeAssert(DrillOutcome actual) {
            super(actual, DrillOutcomeAssert.class);
        }

        DrillOutcomeAssert passedEveryStage() throws IOException {
            return passedEveryStageBut("", "");
        }

        /** Every stage passed, IntegrityRun included. */
        DrillOutcomeAssert passedEveryStageWithTheIntegrityRun() throws IOException {
            passedEveryStageBut("", "");
            assertThat(actual.stages()).filteredOn(s -> s.name().equals("IntegrityRun")).singleElement()
                    .satisfies(s -> assertThat(s.status()).as("IntegrityRun: %s", s.message()).isEqualTo("passed"));
            return this;
        }

        /**
         * Every stage passed but {@code skippedStage}, which skipped itself for a reason holding
         * {@code reason}; IntegrityRun may skip itself as not configured (no drill.integrity.api-url).
         */
        DrillOutcomeAssert passedEveryStageBut(String skippedStage, String reason) throws IOException {
            assertThat(actual.harnessFailures()).as("self-test harness failures").isEmpty();
            assertThat(actual.stages()).as("stages of the drill").hasSizeGreaterThanOrEqualTo(7).allSatisfy(s -> {
                if (s.name().equals("IntegrityRun") && !skippedStage.equals("IntegrityRun") && s.status().equals("skipped")) {
                    assertThat(s.message()).as("skip reason of IntegrityRun").startsWith("integrity run not configured");
                } else if (s.name().equals(skippedStage)) {
                    assertThat(s.status()).as("status of stage %s", s.name()).isEqualTo("skipped");
                    assertThat(s.message()).as("skip reason of stage %s", s.name()).contains(reason);
                } else {
                    assertThat(s.status()).as("status of stage %s: %s", s.name(), s.message()).isEqualTo("passed");
                }
            });
            assertThat(actual.summary().path("status").asText()).as("status in drill-summary.json").isEqualTo("passed");
            return this;
        }

        /**
         * Exactly {@code stage} failed, with a first message line holding every fragment; the stages
         * before it passed (or skipped by themselves), the ones after it skipped naming it, and
         * Cleanup ran and passed.
         */
        DrillOutcomeAssert failedOnlyAt(String stage, String... fragments) throws IOException {
            assertThat(actual.harnessFailures()).as("self-test harness failures").isEmpty();
            List<Stage> stages = actual.stages();
            Stage failed = stages.stream().filter(s -> s.name().equals(stage)).findFirst()
                    .orElseThrow(() -> new AssertionError("stage " + stage + " did not run; stages: " + stages));
            assertThat(failed.status()).as("status of %s; stages: %s", stage, stages).isEqualTo("failed");
            assertThat(failed.message()).as("failure message of %s", stage).contains(fragments);
            for (Stage s : stages) {
                if (s.name().equals("Cleanup")) {
                    assertThat(s.status()).as("Cleanup: %s", s.message()).isEqualTo("passed");
                } else if (s.order() < failed.order()) {
                    assertThat(s.status()).as("stage %s before the failure: %s", s.name(), s.message()).isIn("passed", "skipped");
                    assertThat(s.message()).as("stage %s before the failure", s.name()).doesNotContain("skipped: stage");
                } else if (s.order() > failed.order()) {
                    assertThat(s.status()).as("stage %s after the failure", s.name()).isEqualTo("skipped");
                    assertThat(s.message()).as("skip reason of %s", s.name())
                            .isEqualTo(String.format("skipped: stage %02d %s failed", failed.order(), stage));
                }
            }
            JsonNode summary = actual.summary();
            assertThat(summary.path("status").asText()).as("status in drill-summary.json").isEqualTo("failed");
            return this;
        }

        /**
         * The drill passed (drill.source-findings=warn) and reported, as the source's, a finding of
         * {@code stage} whose subject and problem hold every fragment; it has no finding of the restore's.
         */
        DrillOutcomeAssert passedWithSourceFinding(String stage, String... fragments) throws IOException {
            JsonNode summary = actual.summary();
            assertThat(summary.path("status").asText()).as("status in drill-summary.json; stages: %s", actual.stages()).isEqualTo("passed");
            assertThat(summary.path("findingsByKind").path("restore").asInt(-1)).as("restore findings in drill-summary.json").isZero();
            List<String> found = new java.util.ArrayList<>();
            summary.path("sourceFindings").forEach(f -> {
                if (f.path("stage").asText().equals(stage)) {
                    found.add(f.path("subject").asText() + ": " + f.path("problem").asText());
                }
            });
            assertThat(found).as("source findings of %s in drill-summary.json", stage).anySatisfy(f -> assertThat(f).contains(fragments));
            return this;
        }

        /**
         * drill-summary.json lists a finding of {@code code} about {@code subject} among the findings of
         * {@code stage}, the restore's or the source's.
         */
        DrillOutcomeAssert withFinding(String stage, io.duckmesh.drill.result.Finding.Code code, String subject) throws IOException {
            List<String> found = new java.util.ArrayList<>();
            for (String list : List.of("restoreFindings", "sourceFindings")) {
                actual.summary().path(list).forEach(f -> {
                    if (f.path("stage").asText().equals(stage)) {
                        found.add(f.path("code").asText() + " " + f.path("subject").asText());
                    }
                });
            }
            assertThat(actual.finding(stage, code, subject)).as("finding %s %s of %s; its findings in drill-summary.json: %s",
                    code, subject, stage, found).isPresent();
            return this;
        }

        /** The failure is the source's own problem (drill.source-findings=fail): category "source problem", exit 1. */
        DrillOutcomeAssert failedAsASourceProblem() throws IOException {
            JsonNode summary = actual.summary();
            assertThat(summary.path("failureCategory").asText()).as("failureCategory in drill-summary.json").isEqualTo("source problem");
            assertThat(summary.path("exitCode").asInt()).as("exitCode in drill-summary.json").isEqualTo(1);
            assertThat(summary.path("findingsByKind").path("restore").asInt(-1)).as("restore findings in drill-summary.json").isZero();
            return this;
        }

        /** The summary's failure category and exit code. */
        DrillOutcomeAssert failedAs(String category, int exitCode) throws IOException {
            JsonNode summary = actual.summary();
            assertThat(summary.path("failureCategory").asText()).as("failureCategory in drill-summary.json").isEqualTo(category);
            assertThat(summary.path("exitCode").asInt()).as("exitCode in drill-summary.json").isEqualTo(exitCode);
            return this;
        }

        DrillOutcomeAssert leftNoDump() throws IOException {
            assertThat(actual.dumpsLeft()).as("dumps left in drill.dump.dir").isEmpty();
            return this;
        }

        DrillOutcomeAssert keptTheDump() throws IOException {
            assertThat(actual.dumpsLeft()).as("dump and manifest kept in drill.dump.dir").hasSize(2)
                    .anyMatch(f -> f.toString().endsWith(".dump")).anyMatch(f -> f.toString().endsWith(".dump.manifest.json"));
            java.nio.file.Path manifest = actual.dumpsLeft().stream().filter(f -> f.toString().endsWith(".manifest.json"))
                    .findFirst().orElseThrow();
            assertThat(io.duckmesh.drill.backup.Manifest.read(manifest).tables())
                    .as("the kept dump's manifest has every table's checksum").isNotEmpty()
                    .filteredOn(io.duckmesh.drill.inspect.TableDigest::populated).allSatisfy(t -> assertThat(t.checksum()).isNotEmpty());
            return this;
        }
    }
}
