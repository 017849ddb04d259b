package io.duckmesh.drill.result;

/**
 * One difference a check found, two-sided where there are two sides: what the source has and what
 * the restored copy has. {@code subject} names the table, row, version or object; {@code kind} says
 * whose fault it is, so that a user is never asked to fix a restore for a problem the source has.
 */
public record Finding(Code code, String subject, String problem, String source, String restored, Kind kind) {

    /** What was found, as a test, the summary or a tool tells findings apart without reading their prose. */
    public enum Code {
        // 00 Preflight
        SOURCE_TABLE_UNREADABLE, SOURCE_ROW_SECURITY_APPLIES, KEY_TABLE_MISSING,
        // 10 Backup
        BACKUP_FILE_DIFFERS, BACKUP_OF_ANOTHER_SERVER, BACKUP_OF_ANOTHER_DATABASE, BACKUP_TOO_OLD,
        // 20 Restore
        RESTORE_TOO_SLOW,
        // 30 SchemaParity
        SCHEMA_OBJECT_MISSING, SCHEMA_OBJECT_EXTRA, SCHEMA_OBJECT_DIFFERS, GLOBAL_MISSING, GLOBAL_EXTRA, GLOBAL_DIFFERS,
        // 40 RowCountParity
        TABLE_MISSING, TABLE_EXTRA, ROW_COUNT_DIFFERS, KEY_TABLE_EMPTY,
        // 50 ContentParity
        CONTENT_DIFFERS, ROW_DIFFERS, ROW_MISSING, ROW_EXTRA, LARGE_OBJECT_DIFFERS,
        // 60 MigrationParity
        MIGRATION_ROW_MISSING, MIGRATION_ROW_EXTRA, MIGRATION_VALUE_DIFFERS, MIGRATION_LATEST_UNEXPECTED, MIGRATION_FAILED,
        MIGRATION_GAP,
        // 70 RelationalConsistency
        RELATION_TABLE_MISSING, ORPHAN_ROWS, SEQUENCE_BEHIND, SEQUENCE_STATE_DIFFERS, INDEX_UNUSABLE, AMCHECK_CORRUPTION,
        INVARIANT_VIOLATED,
        // 80 IntegrityRun
        INTEGRITY_CHECK_FAILED, INTEGRITY_RUN_NOT_PASSED
    }

    /** Whose fault a finding is. */
    public enum Kind {
        /** The restored copy differs from the source as the dump saw it: the drill fails. */
        RESTORE("the restored copy differs from the source as the dump saw it"),
        /** The copy is faithful, and the source in the dump's snapshot has the same problem. */
        SOURCE("the restored copy is faithful: the source, as the dump saw it, has the same problem"),
        /** A difference pg_restore makes on purpose (a stale materialized view comes back refreshed). */
        BY_DESIGN("pg_restore makes this difference on purpose");

        private final String meaning;

        Kind(String meaning) {
            this.meaning = meaning;
        }

        /** "restore", "source", "by design": as the report, the summary and the metrics name it. */
        public String label() {
            return EnumNames.words(this);
        }

        public String meaning() {
            return meaning;
        }
    }

    /** A finding that is the restore's fault, as every finding is until a check shows otherwise. */
    public Finding(Code code, String subject, String problem, String source, String restored) {
        this(code, subject, problem, source, restored, Kind.RESTORE);
    }

    /** A finding about the restored copy alone (an orphan, an invalid index), with what was expected. */
    public static Finding restoredOnly(Code code, String subject, String problem, String expected, String actual) {
        return new Finding(code, subject, problem, expected, actual);
    }

    /** The same finding, of another kind, with why appended to its problem. */
    public Finding as(Kind other, String why) {
        return new Finding(code, subject, problem + " (" + other.label() + ": " + why + ")", source, restored, other);
    }

    public String render(String sourceLabel, String restoredLabel) {
        String nl = System.lineSeparator();
        return "[" + kind.label() + "] " + subject + ": " + problem + nl
                + "  -> " + sourceLabel + ": " + source + nl
                + "  -> " + restoredLabel + ": " + restored;
    }
}
