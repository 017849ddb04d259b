package io.duckmesh.drill.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.duckmesh.drill.result.CheckResult;
import io.duckmesh.drill.result.DrillFailure;
import io.duckmesh.drill.result.EvidenceTable;
import io.duckmesh.drill.result.FailureCategory;
import io.duckmesh.drill.result.Finding;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a stage's check results become its verdict: the failure carries the failing results, by code. */
class StageScopeTest {

    private static CheckResult result(String check, Finding... findings) {
        return new CheckResult(check, "2 tables", List.of(findings), "read the restore log", "source", "restored",
                new EvidenceTable(check, List.of("table"), List.of()));
    }

    private static final Finding LOST_ROWS = new Finding(Finding.Code.ROW_COUNT_DIFFERS, "public.a", "row count differs", "150", "147");
    private static final Finding ORPHAN = new Finding(Finding.Code.ORPHAN_ROWS, "public.b", "1 orphaned row", "0", "1")
            .as(Finding.Kind.SOURCE, "the source returns the same 1 row");

    @Test
    void aRestoreFindingFailsTheStageWithTheFailingResultsAndItsCategory() {
        CheckResult clean = result("key tables");
        CheckResult counted = result("row counts", LOST_ROWS);

        DrillFailure failure = catchThrowableOfType(DrillFailure.class,
                () -> StageScope.judge(List.of(clean, counted), FailureCategory.PARITY_MISMATCH, false));

        assertThat(failure.category()).isEqualTo(FailureCategory.PARITY_MISMATCH);
        assertThat(failure.results()).containsExactly(counted);
        assertThat(failure.findings()).extracting(Finding::code, Finding::subject)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Finding.Code.ROW_COUNT_DIFFERS, "public.a"));
        assertThat(failure.getMessage()).startsWith("1 finding: public.a: row count differs (row counts)");
    }

    @Test
    void onlyTheSourcesFindingsFailAsASourceProblemUnderFailAndPassUnderWarn() {
        CheckResult orphans = result("orphans", ORPHAN);

        StageScope.judge(List.of(orphans), FailureCategory.PARITY_MISMATCH, false);
        DrillFailure failure = catchThrowableOfType(DrillFailure.class,
                () -> StageScope.judge(List.of(orphans), FailureCategory.PARITY_MISMATCH, true));

        assertThat(failure.category()).isEqualTo(FailureCategory.SOURCE_PROBLEM);
        assertThat(failure.findings()).extracting(Finding::code).containsExactly(Finding.Code.ORPHAN_ROWS);
    }

    @Test
    void aStageOfItsOwnCategoryKeepsItEvenForTheSourcesFindings() {
        DrillFailure failure = catchThrowableOfType(DrillFailure.class,
                () -> StageScope.judge(List.of(result("source access", ORPHAN)), FailureCategory.CONFIGURATION, true));

        assertThat(failure.category()).isEqualTo(FailureCategory.CONFIGURATION);
    }
}
