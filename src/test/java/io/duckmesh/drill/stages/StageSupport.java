package io.duckmesh.drill.stages;

import io.duckmesh.drill.DrillContext;
import io.duckmesh.drill.check.CheckResult;
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

    /** Dry-run: shows what would run. */
    public void plan(String what, String commandOrSql) {
        drill.evidence().plan(label(), what, commandOrSql);
    }

    /** Attaches every result's evidence, counts the findings, and fails listing all of them. */
    public void verify(List<CheckResult> results) {
        results.forEach(drill.evidence()::check);
        DrillExtension.addFindings(context, results.stream().mapToInt(r -> r.findings().size()).sum());
        DrillAssertions.assertThat(results).haveNoFindings();
    }

    public void verify(CheckResult result) {
        verify(List.of(result));
    }
}
