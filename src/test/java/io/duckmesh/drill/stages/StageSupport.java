package io.duckmesh.drill.stages;

import io.duckmesh.drill.DrillContext;
import io.duckmesh.drill.check.CheckResult;
import io.duckmesh.drill.check.Finding;
import io.duckmesh.drill.evidence.DrillFailure;
import io.duckmesh.drill.evidence.FailureCategory;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What a stage method needs besides the {@link DrillContext}: its own label, dry-run plans, and
 * one call that records, attaches and asserts a stage's check results.
 */
public final class StageSupport {

    private final DrillContext drill;
    private final ExtensionContext context;

    StageSupport(DrillContext drill, ExtensionContext context) {
        this.drill = drill;
        this.context = context;
    }

    /** "40 RowCountParity". */
    public String label() {
        return DrillExtension.stageLabel(context);
    }

    /** What findings of this stage mean: a bad backup (Backup), a bad restore (Restore), wrong settings (Preflight), else a mismatch. */
    FailureCategory category() {
        return switch (DrillExtension.stageName(context)) {
            case "Preflight" -> FailureCategory.CONFIGURATION;
            case "Backup" -> FailureCategory.BACKUP_FAILURE;
            case "Restore" -> FailureCategory.RESTORE_FAILURE;
            default -> FailureCategory.PARITY_MISMATCH;
        };
    }

    /** Fails this stage with a message whose category is this stage's (see {@link #category()}). */
    public DrillFailure failure(String message) {
        return DrillFailure.of(category(), message);
    }

    /** Dry-run: shows what would run. */
    public void plan(String what, String commandOrSql) {
        drill.evidence().plan(label(), what, commandOrSql);
    }

    /** Attaches every result's evidence, counts the findings, and fails listing all of them. */
    public void verify(List<CheckResult> results) {
        results.forEach(drill.evidence()::check);
        boolean sourceFindingsFail = drill.bestEffortSettings().sourceFindingsFail();
        DrillExtension.addFindings(context, results.stream().mapToInt(r -> r.failing(sourceFindingsFail).size()).sum());
        drill.checks(DrillExtension.stageName(context), results);
        for (Finding.Kind kind : List.of(Finding.Kind.SOURCE, Finding.Kind.BY_DESIGN)) {
            List<Finding> found = results.stream().flatMap(r -> r.ofKind(kind).stream()).toList();
            if (!found.isEmpty()) {
                String line = label() + ": " + found.size() + " " + kind.label() + " finding" + (found.size() == 1 ? "" : "s") + " ("
                        + kind.meaning() + (kind == Finding.Kind.SOURCE ? "; drill.source-findings=" + (sourceFindingsFail ? "fail" : "warn") : "")
                        + "): " + found.stream().map(f -> f.subject()).distinct().limit(5).collect(java.util.stream.Collectors.joining(", "))
                        + (found.size() > 5 ? ", ..." : "");
                drill.evidence().step(line, () -> { });
                drill.evidence().console(line);
            }
        }
        DrillAssertions.assertThat(results).haveNoFindings(category(), sourceFindingsFail);
    }

    public void verify(CheckResult result) {
        verify(List.of(result));
    }
}
