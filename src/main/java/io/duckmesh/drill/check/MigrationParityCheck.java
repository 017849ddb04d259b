package io.duckmesh.drill.check;

import io.duckmesh.drill.result.EvidenceTable;
import io.duckmesh.drill.result.CheckResult;
import io.duckmesh.drill.result.Finding;
import io.duckmesh.drill.inspect.MigrationFormat;
import io.duckmesh.drill.inspect.MigrationHistoryReader.MigrationRow;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The restored migration history is the source's, row for row and column for column, read the way
 * its tool keeps it ({@link MigrationFormat}); no migration failed or stayed dirty; the latest version
 * is the one expected, when one is; and, against a migrations folder the user named, no version is
 * skipped.
 *
 * @param table the history table's name, used in every finding
 */
public record MigrationParityCheck(String table, MigrationFormat format) {

    /**
     * @param expectedLatest the version the restored catalog must have reached, if one is expected
     * @param knownVersions the versions of the migrations folder the user named (or the fixture's, for the fixture),
     *                      empty for none: a known version at or below the latest with no row on either side is a gap
     */
    public CheckResult compare(List<MigrationRow> source, List<MigrationRow> restored, Optional<String> expectedLatest,
                               Collection<Long> knownVersions) {
        Map<String, MigrationRow> left = byKey(source);
        Map<String, MigrationRow> right = byKey(restored);
        List<Finding> findings = new ArrayList<>();
        List<List<String>> evidence = new ArrayList<>();
        TreeSet<String> keys = new TreeSet<>(MigrationFormat::compareVersions);
        keys.addAll(left.keySet());
        keys.addAll(right.keySet());
        for (String key : keys) {
            MigrationRow s = left.get(key);
            MigrationRow r = right.get(key);
            evidence.add(List.of(key, s == null ? "(no row)" : render(s), r == null ? "(no row)" : render(r)));
            compareRow(key, s, r, findings);
        }
        failedRows(source, "source", findings);
        failedRows(restored, "restored copy", findings);
        Optional<String> latest = format.latest(restored);
        expectedLatest.ifPresent(expected -> {
            if (latest.isEmpty() || MigrationFormat.compareVersions(latest.get(), expected) != 0) {
                findings.add(Finding.restoredOnly(Finding.Code.MIGRATION_LATEST_UNEXPECTED, table, "latest migration version is not the expected one ("
                        + format.setting() + " history)", expected, latest.orElse("(no rows)")));
            }
        });
        gaps(left, right, knownVersions, expectedLatest.or(() -> latest), findings);
        return new CheckResult("migration parity", keys.size() + " rows in " + table + " (" + format.setting() + ")", findings,
                "a restored catalog with a different migration history will be migrated wrongly;"
                        + " restore from a backup taken after the migrations finished, or set"
                        + " drill.migrations.expected-version if the expected version changed.",
                "source  ", "restored",
                new EvidenceTable("migration history", List.of(format.keyColumn(), "source", "restored"), evidence));
    }

    private void compareRow(String key, MigrationRow s, MigrationRow r, List<Finding> findings) {
        String subject = table + " " + format.keyColumn() + " " + key;
        if (r == null) {
            findings.add(new Finding(Finding.Code.MIGRATION_ROW_MISSING, subject, "migration row missing from the restored copy", render(s), "(no row)"));
        } else if (s == null) {
            findings.add(new Finding(Finding.Code.MIGRATION_ROW_EXTRA, subject, "migration row exists only in the restored copy", "(no row)", render(r)));
        } else {
            TreeSet<String> columns = new TreeSet<>(s.columns().keySet());
            columns.addAll(r.columns().keySet());
            for (String column : columns) {
                String a = s.columns().get(column);
                String b = r.columns().get(column);
                boolean failureReported = column.equals(format.failureColumn()) && format.failure(s).isPresent() != format.failure(r).isPresent();
                if (!Objects.equals(a, b) && !failureReported) {
                    findings.add(new Finding(Finding.Code.MIGRATION_VALUE_DIFFERS, subject + ", column " + column, "value differs", String.valueOf(a), String.valueOf(b)));
                }
            }
        }
    }

    /** A failed or dirty row is reported on the side that has it (a difference in that state is not reported twice). */
    private void failedRows(List<MigrationRow> rows, String side, List<Finding> findings) {
        for (MigrationRow row : rows) {
            format.failure(row).ifPresent(why -> findings.add(Finding.restoredOnly(Finding.Code.MIGRATION_FAILED, table + " " + format.keyColumn() + " " + row.version(),
                    why + " in the " + side, format.healthy(), render(row))));
        }
    }

    private void gaps(Map<String, MigrationRow> left, Map<String, MigrationRow> right, Collection<Long> known,
                      Optional<String> latest, List<Finding> findings) {
        if (!format.rowPerMigration() || known.isEmpty() || latest.isEmpty()) {
            return;
        }
        java.util.Set<Long> applied = new java.util.HashSet<>();
        for (Map<String, MigrationRow> side : List.of(left, right)) {
            side.values().forEach(row -> versionNumber(row).ifPresent(applied::add));
        }
        for (long version : new TreeSet<>(known)) {
            if (MigrationFormat.compareVersions(Long.toString(version), latest.get()) <= 0 && !applied.contains(version)) {
                findings.add(Finding.restoredOnly(Finding.Code.MIGRATION_GAP, table + " version " + version, "migration never applied (a gap in the history:"
                                + " drill.migrations.dir has it)", "a row for version " + version, "(no row on either side)"));
            }
        }
    }

    private static Optional<Long> versionNumber(MigrationRow row) {
        String version = row.columns().get("version");
        return version != null && version.matches("\\d{1,18}") ? Optional.of(Long.parseLong(version)) : Optional.empty();
    }

    private static Map<String, MigrationRow> byKey(List<MigrationRow> rows) {
        return rows.stream().collect(Collectors.toMap(MigrationRow::version, Function.identity(), (a, b) -> a,
                () -> new TreeMap<>(MigrationFormat::compareVersions)));
    }

    private static String render(MigrationRow row) {
        return row.columns().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }
}
