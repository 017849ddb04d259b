package io.duckmesh.drill.check;

import io.duckmesh.drill.result.EvidenceTable;
import io.duckmesh.drill.result.CheckResult;
import io.duckmesh.drill.result.Finding;
import io.duckmesh.drill.integrity.RunState;
import java.util.ArrayList;
import java.util.List;

/**
 * duckmesh's own integrity run passed on the restored copy: every check it reported that failed is
 * a finding, with its detail; a run that ended in {@code error}, or failed without naming a check,
 * is one finding with the API's message.
 */
public final class IntegrityRunCheck {

    public CheckResult evaluate(RunState state) {
        List<Finding> findings = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        for (RunState.Check check : state.checks()) {
            rows.add(List.of(check.name(), check.status(), check.detail()));
            if (!check.passed()) {
                findings.add(Finding.restoredOnly(Finding.Code.INTEGRITY_CHECK_FAILED, check.name(), "failed in duckmesh's integrity run " + state.id(), "passed",
                        check.status() + (check.detail().isEmpty() ? "" : ": " + check.detail())));
            }
        }
        if (!state.status().equals("passed") && findings.isEmpty()) {
            findings.add(Finding.restoredOnly(Finding.Code.INTEGRITY_RUN_NOT_PASSED, "integrity run " + state.id(), "ended " + state.status(), "passed",
                    state.status() + (state.message().isEmpty() ? "" : ": " + state.message())));
        }
        return CheckResult.expectation("integrity run", state.checks().size() + " checks of run " + state.id(), findings,
                "duckmesh itself finds the restored catalog unsound. Read each failing check's detail, compare with the"
                        + " source (run the same integrity run there), and do not trust this backup until it is explained.",
                new EvidenceTable("integrity run checks", List.of("check", "status", "detail"), rows));
    }
}
