package io.duckmesh.drill.inspect;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A reference from child columns to parent columns: a foreign key constraint, or an implicit
 * relation declared in the drill profile. {@code constraint} is empty for implicit relations.
 */
public record Relation(String constraint, TableRef child, List<String> childColumns, TableRef parent,
                       List<String> parentColumns, boolean validated) {

    private static final Pattern DECLARED = Pattern.compile(
            "\\s*([^\\s(]+)\\s*\\(([^)]+)\\)\\s*->\\s*([^\\s(]+)\\s*\\(([^)]+)\\)\\s*");

    public Relation {
        childColumns = List.copyOf(childColumns);
        parentColumns = List.copyOf(parentColumns);
    }

    /** Parses {@code schema.child(col, ...) -> schema.parent(col, ...)} from a drill profile. */
    public static Relation parseDeclared(String text) {
        Matcher matcher = DECLARED.matcher(text);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("Implicit relation '" + text.trim()
                    + "' is not of the form schema.child(column, ...) -> schema.parent(column, ...)");
        }
        List<String> childColumns = columns(matcher.group(2));
        List<String> parentColumns = columns(matcher.group(4));
        if (childColumns.size() != parentColumns.size()) {
            throw new IllegalArgumentException("Implicit relation '" + text.trim()
                    + "' names " + childColumns.size() + " child columns but " + parentColumns.size() + " parent columns");
        }
        return new Relation("", TableRef.parse(matcher.group(1)), childColumns, TableRef.parse(matcher.group(3)),
                parentColumns, true);
    }

    private static List<String> columns(String list) {
        return java.util.Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    public boolean implicit() {
        return constraint.isEmpty();
    }

    /** {@code public.data_files(snapshot_id) -> public.snapshots(snapshot_id)}. */
    public String describe() {
        return child + "(" + String.join(", ", childColumns) + ") -> " + parent + "(" + String.join(", ", parentColumns) + ")";
    }

    static String quotedList(List<String> columns, String alias) {
        return columns.stream().map(c -> alias + "." + TableRef.quote(c)).collect(Collectors.joining(", "));
    }
}
