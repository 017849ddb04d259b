package io.duckmesh.drill.inspect;

/** A schema-qualified table name, quoted when used in SQL. */
public record TableRef(String schema, String name) implements Comparable<TableRef> {

    /** Parses {@code schema.table}; a bare name is in {@code public}. */
    public static TableRef parse(String qualified) {
        String trimmed = qualified.trim();
        int dot = trimmed.indexOf('.');
        return dot < 0 ? new TableRef("public", trimmed) : new TableRef(trimmed.substring(0, dot), trimmed.substring(dot + 1));
    }

    public String quoted() {
        return quote(schema) + "." + quote(name);
    }

    public static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    @Override
    public int compareTo(TableRef other) {
        int bySchema = schema.compareTo(other.schema);
        return bySchema != 0 ? bySchema : name.compareTo(other.name);
    }

    @Override
    public String toString() {
        return schema + "." + name;
    }
}
