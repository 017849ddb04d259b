package io.duckmesh.drill.pipeline;

import io.duckmesh.drill.result.FailureCategory;
import java.util.Locale;

/**
 * The drill's stages, in the order they run: what each is called, how much its failure matters,
 * what its findings mean, and whether it runs after an earlier stage failed. The JUnit stage classes,
 * the console lines, the summary and the report all take a stage's identity from here.
 */
public enum Stage {
    PREFLIGHT(0, "Preflight", Severity.BLOCKER, FailureCategory.CONFIGURATION, false),
    BACKUP(10, "Backup", Severity.BLOCKER, FailureCategory.BACKUP_FAILURE, false),
    RESTORE(20, "Restore", Severity.BLOCKER, FailureCategory.RESTORE_FAILURE, false),
    SCHEMA_PARITY(30, "SchemaParity", Severity.CRITICAL, FailureCategory.PARITY_MISMATCH, false),
    ROW_COUNT_PARITY(40, "RowCountParity", Severity.CRITICAL, FailureCategory.PARITY_MISMATCH, false),
    CONTENT_PARITY(50, "ContentParity", Severity.CRITICAL, FailureCategory.PARITY_MISMATCH, false),
    MIGRATION_PARITY(60, "MigrationParity", Severity.CRITICAL, FailureCategory.PARITY_MISMATCH, false),
    RELATIONAL_CONSISTENCY(70, "RelationalConsistency", Severity.CRITICAL, FailureCategory.PARITY_MISMATCH, false),
    INTEGRITY_RUN(80, "IntegrityRun", Severity.NORMAL, FailureCategory.PARITY_MISMATCH, false),
    CLEANUP(90, "Cleanup", Severity.MINOR, FailureCategory.PARITY_MISMATCH, true);

    /** How much a stage's failure matters: without a restorable backup nothing else does; the API run and cleanup less. */
    public enum Severity {
        BLOCKER, CRITICAL, NORMAL, MINOR;

        /** As the report's severity label spells it. */
        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final int order;
    private final String title;
    private final Severity severity;
    private final FailureCategory category;
    private final boolean alwaysRuns;

    Stage(int order, String title, Severity severity, FailureCategory category, boolean alwaysRuns) {
        this.order = order;
        this.title = title;
        this.severity = severity;
        this.category = category;
        this.alwaysRuns = alwaysRuns;
    }

    public int order() {
        return order;
    }

    /** "RowCountParity": the stage's name in summaries, metrics and the runbook's anchors. */
    public String title() {
        return title;
    }

    /** "40 RowCountParity": how the console, the report and skip reasons name the stage. */
    public String label() {
        return String.format(Locale.ROOT, "%02d %s", order, title);
    }

    public Severity severity() {
        return severity;
    }

    /** What this stage's findings mean: wrong settings (Preflight), a bad backup, a bad restore, else a mismatch. */
    public FailureCategory category() {
        return category;
    }

    /** Runs even when an earlier stage failed (Cleanup). */
    public boolean alwaysRuns() {
        return alwaysRuns;
    }
}
