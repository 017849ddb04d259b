package io.duckmesh.drill.check;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What one check found, as data. The stage decides what fails; the report shows the evidence.
 *
 * @param check the check's name, as shown in the report
 * @param scope what was checked ("14 tables")
 * @param findings every difference, not just the first
 * @param hint what to do when there are findings
 * @param sourceLabel how the left side of a finding is labelled ("source", "expected")
 * @param restoredLabel how the right side is labelled ("restored")
 * @param evidence the full comparison, for the report
 */
public record CheckResult(String check, String scope, List<Finding> findings, String hint,
                          String sourceLabel, String restoredLabel, EvidenceTable evidence) {

    public CheckResult {
        findings = List.copyOf(findings);
    }

    public static CheckResult parity(String check, String scope, List<Finding> findings, String hint, EvidenceTable evidence) {
        return new CheckResult(check, scope, findings, hint, "source  ", "restored", evidence);
    }

    public static CheckResult expectation(String check, String scope, List<Finding> findings, String hint,
                                          EvidenceTable evidence) {
        return new CheckResult(check, scope, findings, hint, "expected", "restored", evidence);
    }

    /**
     * One result from the parts several sessions produced for one check (drawing their work from a
     * shared queue): their findings and evidence rows together, the rows ordered by their first cell.
     */
    public static CheckResult merged(List<CheckResult> parts, String scope) {
        CheckResult first = parts.get(0);
        List<Finding> findings = parts.stream().flatMap(p -> p.findings().stream())
                .sorted(java.util.Comparator.comparing(Finding::subject)).toList();
        List<List<String>> rows = parts.stream().flatMap(p -> p.evidence().rows().stream())
                .sorted(java.util.Comparator.comparing((List<String> row) -> row.isEmpty() ? "" : row.get(0))).toList();
        return new CheckResult(first.check(), scope, findings, first.hint(), first.sourceLabel(), first.restoredLabel(),
                new EvidenceTable(first.evidence().name(), first.evidence().header(), rows));
    }

    public boolean passed() {
        return findings.isEmpty();
    }

    /** The message a user reads: every finding, two-sided, then what to do. */
    public String describe() {
        String nl = System.lineSeparator();
        if (passed()) {
            return check + ": no findings in " + scope;
        }
        return check + ": " + findings.size() + (findings.size() == 1 ? " finding" : " findings") + " in " + scope + nl
                + findings.stream().map(f -> f.render(sourceLabel, restoredLabel)).collect(Collectors.joining(nl)) + nl
                + "What to do: " + hint;
    }
}
