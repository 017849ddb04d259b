package io.duckmesh.drill.result;

import java.util.List;

/**
 * A stage failure whose category is known: the backup or restore is bad (the drill did its job and
 * the answer is no), or the settings are wrong. The class name appears in the report's stack trace,
 * which is how Allure's categories sort failures; anything else counts as infrastructure.
 */
public abstract sealed class DrillFailure extends AssertionError {

    private final transient List<CheckResult> results;

    protected DrillFailure(String message, List<CheckResult> results) {
        super(message);
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

    public abstract FailureCategory category();

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

    /** The restored copy differs from the source, or fails a check of its own. */
    public static final class ParityMismatch extends DrillFailure {
        public ParityMismatch(String message) {
            this(message, List.of());
        }

        public ParityMismatch(String message, List<CheckResult> results) {
            super(message, results);
        }

        @Override
        public FailureCategory category() {
            return FailureCategory.PARITY_MISMATCH;
        }
    }

    /** The restored copy is faithful; the source has the problem itself, and drill.source-findings=fail. */
    public static final class SourceProblem extends DrillFailure {
        public SourceProblem(String message) {
            this(message, List.of());
        }

        public SourceProblem(String message, List<CheckResult> results) {
            super(message, results);
        }

        @Override
        public FailureCategory category() {
            return FailureCategory.SOURCE_PROBLEM;
        }
    }

    /** The backup is damaged, foreign, not a dump, or too old. */
    public static final class BackupFailure extends DrillFailure {
        public BackupFailure(String message) {
            this(message, List.of());
        }

        public BackupFailure(String message, List<CheckResult> results) {
            super(message, results);
        }

        @Override
        public FailureCategory category() {
            return FailureCategory.BACKUP_FAILURE;
        }
    }

    /** pg_restore failed, or the restore took longer than the objective. */
    public static final class RestoreFailure extends DrillFailure {
        public RestoreFailure(String message) {
            this(message, List.of());
        }

        public RestoreFailure(String message, List<CheckResult> results) {
            super(message, results);
        }

        @Override
        public FailureCategory category() {
            return FailureCategory.RESTORE_FAILURE;
        }
    }

    /** A setting, tool or target is wrong. */
    public static final class Configuration extends DrillFailure {
        public Configuration(String message) {
            this(message, List.of());
        }

        public Configuration(String message, List<CheckResult> results) {
            super(message, results);
        }

        @Override
        public FailureCategory category() {
            return FailureCategory.CONFIGURATION;
        }
    }
}
