package io.duckmesh.drill.result;

import io.duckmesh.drill.result.Finding;
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

    /** No finding that is the restore's fault (source findings and notes do not fail by default). */
    public boolean passed() {
        return failing(false).isEmpty();
    }

    /** The findings that fail the stage: the restore's, and the source's when drill.source-findings=fail. */
    public List<Finding> failing(boolean sourceFindingsFail) {
        return findings.stream().filter(f -> f.kind() == Finding.Kind.RESTORE
                || (sourceFindingsFail && f.kind() == Finding.Kind.SOURCE)).toList();
    }

    public List<Finding> ofKind(Finding.Kind kind) {
        return findings.stream().filter(f -> f.kind() == kind).toList();
    }

    /** The message a user reads: every finding, two-sided, then what to do. */
    public String describe() {
        String nl = System.lineSeparator();
        if (findings.isEmpty()) {
            return check + ": no findings in " + scope;
        }
        return check + ": " + findings.size() + (findings.size() == 1 ? " finding" : " findings") + " in " + scope + kinds() + nl
                + findings.stream().map(f -> f.render(sourceLabel, restoredLabel)).collect(Collectors.joining(nl)) + nl
                + "What to do: " + (findings.stream().allMatch(f -> f.kind() == Finding.Kind.RESTORE) ? hint
                        : hint + " Findings marked [source] are the source's own (fix them there, the backup is faithful);"
                        + " [by design] ones are differences pg_restore makes on purpose.");
    }

    private String kinds() {
        if (findings.stream().allMatch(f -> f.kind() == Finding.Kind.RESTORE)) {
            return "";
        }
        return java.util.Arrays.stream(Finding.Kind.values()).filter(k -> !ofKind(k).isEmpty())
                .map(k -> ofKind(k).size() + " " + k.label()).collect(Collectors.joining(", ", " (", ")"));
    }
}
