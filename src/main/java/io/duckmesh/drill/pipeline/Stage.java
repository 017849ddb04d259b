package io.duckmesh.drill.pipeline;

import io.duckmesh.drill.result.EnumNames;
import io.duckmesh.drill.result.FailureCategory;
import java.util.Locale;

/**
 * The drill's stages, in the order they run: what each is called, how much its failure matters,
 * what its findings mean, and whether it runs after an earlier stage failed. The JUnit stage classes,
 * the console lines, the summary and the report all take a stage's identity from here.
 */
public enum Stage {
    PREFLIGHT(0, Severity.BLOCKER, FailureCategory.CONFIGURATION),
    BACKUP(10, Severity.BLOCKER, FailureCategory.BACKUP_FAILURE),
    RESTORE(20, Severity.BLOCKER, FailureCategory.RESTORE_FAILURE),
    SCHEMA_PARITY(30, Severity.CRITICAL, FailureCategory.PARITY_MISMATCH),
    ROW_COUNT_PARITY(40, Severity.CRITICAL, FailureCategory.PARITY_MISMATCH),
    CONTENT_PARITY(50, Severity.CRITICAL, FailureCategory.PARITY_MISMATCH),
    MIGRATION_PARITY(60, Severity.CRITICAL, FailureCategory.PARITY_MISMATCH),
    RELATIONAL_CONSISTENCY(70, Severity.CRITICAL, FailureCategory.PARITY_MISMATCH),
    INTEGRITY_RUN(80, Severity.NORMAL, FailureCategory.PARITY_MISMATCH),
    CLEANUP(90, Severity.MINOR, FailureCategory.PARITY_MISMATCH);

    /** How much a stage's failure matters: without a restorable backup nothing else does; the API run and cleanup less. */
    public enum Severity {
        BLOCKER, CRITICAL, NORMAL, MINOR;

        /** As the report's severity label spells it. */
        public String value() {
            return EnumNames.words(this);
        }
    }

    private final int order;
    private final Severity severity;
    private final FailureCategory category;

    Stage(int order, Severity severity, FailureCategory category) {
        this.order = order;
        this.severity = severity;
        this.category = category;
    }

    /** "RowCountParity": the stage's name in summaries, metrics and the runbook's anchors. */
    public String title() {
        return EnumNames.camel(this);
    }

    public int order() {
        return order;
    }

    /** "40 RowCountParity": how the console, the report and skip reasons name the stage. */
    public String label() {
        return String.format(Locale.ROOT, "%02d %s", order, title());
    }

    public Severity severity() {
        return severity;
    }

    /** Runs even when an earlier stage failed (Cleanup). */
    public boolean alwaysRuns() {
        return this == CLEANUP;
    }

    /** What this stage's findings mean: wrong settings (Preflight), a bad backup, a bad restore, else a mismatch. */
    public FailureCategory category() {
        return category;
    }
}
