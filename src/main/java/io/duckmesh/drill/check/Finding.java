package io.duckmesh.drill.check;

/**
 * One difference a check found, two-sided where there are two sides: what the source has and what
 * the restored copy has. {@code subject} names the table, row, version or object.
 */
public record Finding(String subject, String problem, String source, String restored) {

    /** A finding about the restored copy alone (an orphan, an invalid index), with what was expected. */
    public static Finding restoredOnly(String subject, String problem, String expected, String actual) {
        return new Finding(subject, problem, expected, actual);
    }

    public String render(String sourceLabel, String restoredLabel) {
        String nl = System.lineSeparator();
        return subject + ": " + problem + nl
                + "  -> " + sourceLabel + ": " + source + nl
                + "  -> " + restoredLabel + ": " + restored;
    }
}
