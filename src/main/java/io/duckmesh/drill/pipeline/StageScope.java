package io.duckmesh.drill.pipeline;

import io.duckmesh.drill.result.CheckResult;
import io.duckmesh.drill.result.DrillFailure;
import io.duckmesh.drill.result.FailureCategory;
import io.duckmesh.drill.result.Finding;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One stage while it runs: its identity, its dry-run plans, the findings it counted, and the one
 * call that records, attaches and judges its check results.
 */
public final class StageScope {

    private final DrillContext drill;
    private final Stage stage;
    private int findings;

    public StageScope(DrillContext drill, Stage stage) {
        this.drill = drill;
        this.stage = stage;
    }

    /** "40 RowCountParity". */
    public String label() {
        return stage.label();
    }

    /** The failing findings this stage counted (restore's, and the source's under drill.source-findings=fail). */
    public synchronized int findings() {
        return findings;
    }

    /** Fails this stage with a message whose category is this stage's. */
    public DrillFailure failure(String message) {
        return DrillFailure.of(stage.category(), message);
    }

    /** Ends the stage as skipped: it has nothing to do in this drill, and says why. */
    public void skip(String reason) {
        throw new StageSkipped(reason);
    }

    /** Dry-run: shows what would run. */
    public void plan(String what, String commandOrSql) {
        drill.evidence().plan(label(), what, commandOrSql);
    }

    /** Attaches every result's evidence, counts the findings, and fails listing all of them. */
    public void verify(List<CheckResult> results) {
        results.forEach(drill.evidence()::check);
        boolean sourceFindingsFail = drill.bestEffortSettings().sourceFindingsFail();
        synchronized (this) {
            findings += results.stream().mapToInt(r -> r.failing(sourceFindingsFail).size()).sum();
        }
        drill.checks(stage.title(), results);
        for (Finding.Kind kind : List.of(Finding.Kind.SOURCE, Finding.Kind.BY_DESIGN)) {
            List<Finding> found = results.stream().flatMap(r -> r.ofKind(kind).stream()).toList();
            if (!found.isEmpty()) {
                String line = label() + ": " + found.size() + " " + kind.label() + " finding" + (found.size() == 1 ? "" : "s") + " ("
                        + kind.meaning() + (kind == Finding.Kind.SOURCE ? "; drill.source-findings=" + (sourceFindingsFail ? "fail" : "warn") : "")
                        + "): " + found.stream().map(Finding::subject).distinct().limit(5).collect(Collectors.joining(", "))
                        + (found.size() > 5 ? ", ..." : "");
                drill.evidence().note(line);
            }
        }
        judge(results, stage.category(), sourceFindingsFail);
    }

    public void verify(CheckResult result) {
        verify(List.of(result));
    }

    /**
     * Fails with a first line naming the first failing finding, then every check's findings
     * two-sided, as a {@link DrillFailure} of the given category that carries the failing results
     * (a source problem when only the source's findings fail, under drill.source-findings=fail).
     */
    static void judge(List<CheckResult> results, FailureCategory category, boolean sourceFindingsFail) {
        List<CheckResult> failing = results.stream().filter(r -> !r.failing(sourceFindingsFail).isEmpty()).toList();
        if (failing.isEmpty()) {
            return;
        }
        int total = failing.stream().mapToInt(r -> r.failing(sourceFindingsFail).size()).sum();
        Finding first = failing.get(0).failing(sourceFindingsFail).get(0);
        boolean onlySource = failing.stream().flatMap(r -> r.failing(sourceFindingsFail).stream())
                .allMatch(f -> f.kind() == Finding.Kind.SOURCE);
        String headline = String.format("%d finding%s: %s: %s (%s)", total, total == 1 ? "" : "s",
                first.subject(), first.problem(), failing.get(0).check());
        String details = failing.stream().map(CheckResult::describe)
                .collect(Collectors.joining(System.lineSeparator() + System.lineSeparator()));
        throw DrillFailure.of(onlySource && category == FailureCategory.PARITY_MISMATCH ? FailureCategory.SOURCE_PROBLEM : category,
                headline + System.lineSeparator() + details, failing);
    }
}
