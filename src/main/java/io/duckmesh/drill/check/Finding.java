package io.duckmesh.drill.check;

/**
 * One difference a check found, two-sided where there are two sides: what the source has and what
 * the restored copy has. {@code subject} names the table, row, version or object; {@code kind} says
 * whose fault it is, so that a user is never asked to fix a restore for a problem the source has.
 */
public record Finding(String subject, String problem, String source, String restored, Kind kind) {

    /** Whose fault a finding is. */
    public enum Kind {
        /** The restored copy differs from the source as the dump saw it: the drill fails. */
        RESTORE("restore", "the restored copy differs from the source as the dump saw it"),
        /** The copy is faithful, and the source in the dump's snapshot has the same problem. */
        SOURCE("source", "the restored copy is faithful: the source, as the dump saw it, has the same problem"),
        /** A difference pg_restore makes on purpose (a stale materialized view comes back refreshed). */
        BY_DESIGN("by design", "pg_restore makes this difference on purpose");

        private final String label;
        private final String meaning;

        Kind(String label, String meaning) {
            this.label = label;
            this.meaning = meaning;
        }

        /** "restore", "source", "by design": as the report, the summary and the metrics name it. */
        public String label() {
            return label;
        }

        public String meaning() {
            return meaning;
        }
    }

    /** A finding that is the restore's fault, as every finding is until a check shows otherwise. */
    public Finding(String subject, String problem, String source, String restored) {
        this(subject, problem, source, restored, Kind.RESTORE);
    }

    /** A finding about the restored copy alone (an orphan, an invalid index), with what was expected. */
    public static Finding restoredOnly(String subject, String problem, String expected, String actual) {
        return new Finding(subject, problem, expected, actual);
    }

    /** The same finding, of another kind, with why appended to its problem. */
    public Finding as(Kind other, String why) {
        return new Finding(subject, problem + " (" + other.label() + ": " + why + ")", source, restored, other);
    }

    public String render(String sourceLabel, String restoredLabel) {
        String nl = System.lineSeparator();
        return "[" + kind.label() + "] " + subject + ": " + problem + nl
                + "  -> " + sourceLabel + ": " + source + nl
                + "  -> " + restoredLabel + ": " + restored;
    }
}
