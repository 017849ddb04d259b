package io.duckmesh.drill.result;

import java.util.List;

/**
 * A stage failure whose category is known: the backup or restore is bad (the drill did its job and
 * the answer is no), or the settings are wrong. The class name appears in the report's stack trace,
 * which is how Allure's categories sort failures; anything else counts as infrastructure.
 */
public abstract sealed class DrillFailure extends AssertionError {

    private final FailureCategory category;
    private final transient List<CheckResult> results;

    private DrillFailure(FailureCategory category, String message, List<CheckResult> results) {
        super(message);
        this.category = category;
        this.results = List.copyOf(results);
    }

    /** The check results that failed the stage, findings and all; empty for a failure that no check reported. */
    public List<CheckResult> results() {
        return results;
    }

    /** Every failing finding of the results (under drill.source-findings=fail, the source's too). */
    public List<Finding> findings() {
        return results.stream().flatMap(result -> result.findings().stream()).toList();
    }

    public FailureCategory category() {
        return category;
    }

    public static DrillFailure of(FailureCategory category, String message) {
        return of(category, message, List.of());
    }

    public static DrillFailure of(FailureCategory category, String message, List<CheckResult> results) {
        return switch (category) {
            case PARITY_MISMATCH -> new ParityMismatch(message, results);
            case SOURCE_PROBLEM -> new SourceProblem(message, results);
            case BACKUP_FAILURE -> new BackupFailure(message, results);
            case RESTORE_FAILURE -> new RestoreFailure(message, results);
            case CONFIGURATION -> new Configuration(message, results);
            case INFRASTRUCTURE -> throw new IllegalArgumentException("infrastructure failures are the exceptions themselves");
        };
    }

    // One class per category: Allure's categories.json finds a failure's category by its class name in the trace.

    /** The restored copy differs from the source, or fails a check of its own. */
    public static final class ParityMismatch extends DrillFailure {
        private ParityMismatch(String message, List<CheckResult> results) { super(FailureCategory.PARITY_MISMATCH, message, results); }
    }

    /** The restored copy is faithful; the source has the problem itself, and drill.source-findings=fail. */
    public static final class SourceProblem extends DrillFailure {
        private SourceProblem(String message, List<CheckResult> results) { super(FailureCategory.SOURCE_PROBLEM, message, results); }
    }

    /** The backup is damaged, foreign, not a dump, or too old. */
    public static final class BackupFailure extends DrillFailure {
        private BackupFailure(String message, List<CheckResult> results) { super(FailureCategory.BACKUP_FAILURE, message, results); }
    }

    /** pg_restore failed, or the restore took longer than the objective. */
    public static final class RestoreFailure extends DrillFailure {
        private RestoreFailure(String message, List<CheckResult> results) { super(FailureCategory.RESTORE_FAILURE, message, results); }
    }

    /** A setting, tool or target is wrong. */
    public static final class Configuration extends DrillFailure {
        private Configuration(String message, List<CheckResult> results) { super(FailureCategory.CONFIGURATION, message, results); }
    }
}
