package io.duckmesh.drill.inspect;

import io.duckmesh.drill.inspect.MigrationHistoryReader.MigrationRow;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How a migration tool keeps its history, so that MigrationParity reads each the way its tool does:
 * which column identifies a row, which says a migration failed, and what the latest version is.
 * {@code AUTO} recognises the tool from the table's columns.
 */
public enum MigrationFormat {
    /** duckmesh's own: a row per migration, {@code version} bigint, {@code dirty} for one that never finished. */
    DUCKMESH("version", true),
    /** golang-migrate: one row, {@code version} and {@code dirty}. */
    GOLANG_MIGRATE("version", false),
    /** Flyway's flyway_schema_history: a row per run, keyed by installed_rank; {@code success = false} failed. */
    FLYWAY("installed_rank", true),
    /** Liquibase's databasechangelog: a row per changeset, in orderexecuted; {@code exectype = FAILED} failed. */
    LIQUIBASE("orderexecuted", false),
    /** Rails' schema_migrations: a row per migration, {@code version} text (a timestamp). */
    RAILS("version", true),
    /** Alembic's alembic_version: the current head(s) in {@code version_num}. */
    ALEMBIC("version_num", false),
    AUTO("", false);

    private final String keyColumn;
    private final boolean rowPerMigration;

    MigrationFormat(String keyColumn, boolean rowPerMigration) {
        this.keyColumn = keyColumn;
        this.rowPerMigration = rowPerMigration;
    }

    /** The values drill.migrations.format takes. */
    public static List<String> settings() {
        return java.util.Arrays.stream(values()).map(MigrationFormat::setting).toList();
    }

    public static MigrationFormat of(String setting) {
        return java.util.Arrays.stream(values()).filter(f -> f.setting().equals(setting)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("drill.migrations.format=" + setting + " is not one of " + settings()));
    }

    /** The tool whose history has these columns (lower case), or empty when none is recognised. */
    public static Optional<MigrationFormat> recognise(Set<String> columns) {
        if (columns.containsAll(Set.of("installed_rank", "version", "success"))) {
            return Optional.of(FLYWAY);
        }
        if (columns.containsAll(Set.of("id", "author", "filename", "orderexecuted"))) {
            return Optional.of(LIQUIBASE);
        }
        if (columns.contains("version_num")) {
            return Optional.of(ALEMBIC);
        }
        if (columns.equals(Set.of("version", "dirty"))) {
            return Optional.of(GOLANG_MIGRATE);
        }
        if (columns.equals(Set.of("version"))) {
            return Optional.of(RAILS);
        }
        if (columns.contains("version")) {
            return Optional.of(DUCKMESH);
        }
        return Optional.empty();
    }

    /** "golang-migrate": as drill.migrations.format names it. */
    public String setting() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The column whose value identifies a row of the history on both sides. */
    public String keyColumn() {
        return keyColumn;
    }

    /** A history with a row per applied migration, in which a version missing below the latest is a gap. */
    public boolean rowPerMigration() {
        return rowPerMigration;
    }

    /** Why a row records a migration that failed or never finished, or empty. */
    public Optional<String> failure(MigrationRow row) {
        return switch (this) {
            case DUCKMESH, GOLANG_MIGRATE -> isTrue(row.columns().get("dirty"))
                    ? Optional.of("migration is marked dirty (it started and never finished)") : Optional.empty();
            case FLYWAY -> isFalse(row.columns().get("success"))
                    ? Optional.of("migration failed (success = false in flyway_schema_history)") : Optional.empty();
            case LIQUIBASE -> "FAILED".equalsIgnoreCase(String.valueOf(row.columns().get("exectype")))
                    ? Optional.of("changeset failed (exectype = FAILED in databasechangelog)") : Optional.empty();
            default -> Optional.empty();
        };
    }

    /** The column that says a migration failed ("dirty", "success", "exectype"), or "" for none. */
    public String failureColumn() {
        return switch (this) {
            case DUCKMESH, GOLANG_MIGRATE -> "dirty";
            case FLYWAY -> "success";
            case LIQUIBASE -> "exectype";
            default -> "";
        };
    }

    /** The state the failure column should have ("dirty=false"), for a finding's expected side. */
    public String healthy() {
        return switch (this) {
            case FLYWAY -> "success=true";
            case LIQUIBASE -> "exectype other than FAILED";
            default -> "dirty=false";
        };
    }

    /**
     * The latest version the history records: the highest numeric version (duckmesh, golang-migrate,
     * Rails), the version of the last successful versioned Flyway run, the id of the last Liquibase
     * changeset, the Alembic head(s); empty for an empty history.
     */
    public Optional<String> latest(List<MigrationRow> rows) {
        List<MigrationRow> ordered = rows.stream().sorted(Comparator.comparing(MigrationRow::version, MigrationFormat::compareVersions)).toList();
        return switch (this) {
            case FLYWAY -> ordered.stream().filter(r -> r.columns().get("version") != null && failure(r).isEmpty())
                    .map(r -> r.columns().get("version")).max(MigrationFormat::compareVersions);
            case LIQUIBASE -> ordered.isEmpty() ? Optional.empty() : Optional.ofNullable(ordered.get(ordered.size() - 1).columns().get("id"));
            case ALEMBIC -> ordered.isEmpty() ? Optional.empty()
                    : Optional.of(ordered.stream().map(MigrationRow::version).sorted().collect(Collectors.joining(",")));
            default -> ordered.isEmpty() ? Optional.empty() : Optional.of(ordered.get(ordered.size() - 1).version());
        };
    }

    /** Numeric where both are numbers ("0009" = "9"; dotted Flyway versions part by part), else as text. */
    public static int compareVersions(String a, String b) {
        String[] left = a.split("[._]");
        String[] right = b.split("[._]");
        for (int i = 0; i < Math.max(left.length, right.length); i++) {
            String x = i < left.length ? left[i] : "0";
            String y = i < right.length ? right[i] : "0";
            int compared = x.matches("\\d{1,18}") && y.matches("\\d{1,18}") ? Long.compare(Long.parseLong(x), Long.parseLong(y)) : x.compareTo(y);
            if (compared != 0) {
                return compared;
            }
        }
        return 0;
    }

    private static boolean isTrue(String value) {
        return value != null && (value.equals("t") || value.toLowerCase(Locale.ROOT).equals("true"));
    }

    private static boolean isFalse(String value) {
        return value != null && (value.equals("f") || value.toLowerCase(Locale.ROOT).equals("false"));
    }
}
