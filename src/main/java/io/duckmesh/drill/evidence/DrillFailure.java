package io.duckmesh.drill.evidence;

/**
 * A stage failure whose category is known: the backup or restore is bad (the drill did its job and
 * the answer is no), or the settings are wrong. The class name appears in the report's stack trace,
 * which is how Allure's categories sort failures; anything else counts as infrastructure.
 */
public abstract sealed class DrillFailure extends AssertionError {

    protected DrillFailure(String message) {
        super(message);
    }

    public abstract FailureCategory category();

    public static DrillFailure of(FailureCategory category, String message) {
        return switch (category) {
            case PARITY_MISMATCH -> new ParityMismatch(message);
            case SOURCE_PROBLEM -> new SourceProblem(message);
            case BACKUP_FAILURE -> new BackupFailure(message);
            case RESTORE_FAILURE -> new RestoreFailure(message);
            case CONFIGURATION -> new Configuration(message);
            case INFRASTRUCTURE -> throw new IllegalArgumentException("infrastructure failures are the exceptions themselves");
        };
    }

    /** The restored copy differs from the source, or fails a check of its own. */
    public static final class ParityMismatch extends DrillFailure {
        public ParityMismatch(String message) {
            super(message);
        }

        @Override
        public FailureCategory category() {
            return FailureCategory.PARITY_MISMATCH;
        }
    }

    /** The restored copy is faithful; the source has the problem itself, and drill.source-findings=fail. */
    public static final class SourceProblem extends DrillFailure {
        public SourceProblem(String message) {
            super(message);
        }

        @Override
        public FailureCategory category() {
            return FailureCategory.SOURCE_PROBLEM;
        }
    }

    /** The backup is damaged, foreign, not a dump, or too old. */
    public static final class BackupFailure extends DrillFailure {
        public BackupFailure(String message) {
            super(message);
        }

        @Override
        public FailureCategory category() {
            return FailureCategory.BACKUP_FAILURE;
        }
    }

    /** pg_restore failed, or the restore took longer than the objective. */
    public static final class RestoreFailure extends DrillFailure {
        public RestoreFailure(String message) {
            super(message);
        }

        @Override
        public FailureCategory category() {
            return FailureCategory.RESTORE_FAILURE;
        }
    }

    /** A setting, tool or target is wrong. */
    public static final class Configuration extends DrillFailure {
        public Configuration(String message) {
            super(message);
        }

        @Override
        public FailureCategory category() {
            return FailureCategory.CONFIGURATION;
        }
    }
}
