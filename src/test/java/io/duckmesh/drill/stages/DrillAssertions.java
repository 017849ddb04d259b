package io.duckmesh.drill.stages;

import io.duckmesh.drill.check.CheckResult;
import io.duckmesh.drill.check.Finding;
import io.duckmesh.drill.evidence.DrillFailure;
import io.duckmesh.drill.evidence.FailureCategory;
import java.util.List;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractAssert;

/** AssertJ entry point for check results: one failure that lists every finding of every check of a stage. */
public final class DrillAssertions {

    private DrillAssertions() {
    }

    public static CheckResultsAssert assertThat(List<CheckResult> results) {
        return new CheckResultsAssert(results);
    }

    /** Asserts on the results of one stage's checks. */
    public static final class CheckResultsAssert extends AbstractAssert<CheckResultsAssert, List<CheckResult>> {

        CheckResultsAssert(List<CheckResult> actual) {
            super(actual, CheckResultsAssert.class);
        }

        /**
         * Fails with a first line naming the first failing finding, then every check's findings
         * two-sided, as a {@link DrillFailure} of the given category (source problem when only the
         * source's findings fail, under drill.source-findings=fail).
         */
        public CheckResultsAssert haveNoFindings(FailureCategory category, boolean sourceFindingsFail) {
            isNotNull();
            List<CheckResult> failing = actual.stream().filter(r -> !r.failing(sourceFindingsFail).isEmpty()).toList();
            if (!failing.isEmpty()) {
                int total = failing.stream().mapToInt(r -> r.failing(sourceFindingsFail).size()).sum();
                Finding first = failing.get(0).failing(sourceFindingsFail).get(0);
                boolean onlySource = failing.stream().flatMap(r -> r.failing(sourceFindingsFail).stream())
                        .allMatch(f -> f.kind() == Finding.Kind.SOURCE);
                String headline = String.format("%d finding%s: %s: %s (%s)", total, total == 1 ? "" : "s",
                        first.subject(), first.problem(), failing.get(0).check());
                String details = failing.stream().map(CheckResult::describe)
                        .collect(Collectors.joining(System.lineSeparator() + System.lineSeparator()));
                throw DrillFailure.of(onlySource && category == FailureCategory.PARITY_MISMATCH ? FailureCategory.SOURCE_PROBLEM : category,
                        headline + System.lineSeparator() + details);
            }
            return this;
        }
    }
}
