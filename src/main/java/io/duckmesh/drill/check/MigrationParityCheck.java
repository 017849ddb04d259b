package io.duckmesh.drill.check;

import io.duckmesh.drill.inspect.MigrationHistoryReader.MigrationRow;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The restored migration history is the source's, row for row and column for column; no migration
 * is dirty; the latest version is the one expected; and no version is skipped.
 */
public final class MigrationParityCheck {

    private static final long MAX_COUNTED_VERSIONS = 100_000;

    private final String table;

    /** @param table the history table's name, used in every finding */
    public MigrationParityCheck(String table) {
        this.table = table;
    }

    /**
     * @param expectedLatest the version the restored catalog must have reached
     * @param knownVersions the versions of the migration files, or empty when there are none; a
     *                      version between two applied ones that is neither applied nor known is a gap
     */
    public CheckResult compare(List<MigrationRow> source, List<MigrationRow> restored, long expectedLatest,
                               Collection<Long> knownVersions) {
        Map<Long, MigrationRow> left = byVersion(source);
        Map<Long, MigrationRow> right = byVersion(restored);
        List<Finding> findings = new ArrayList<>();
        List<List<String>> evidence = new ArrayList<>();
        TreeSet<Long> versions = new TreeSet<>(left.keySet());
        versions.addAll(right.keySet());
        for (long version : versions) {
            MigrationRow s = left.get(version);
            MigrationRow r = right.get(version);
            evidence.add(List.of(Long.toString(version), s == null ? "(no row)" : render(s), r == null ? "(no row)" : render(r)));
            compareRow(version, s, r, findings);
        }
        dirtyRows(source, "source", findings);
        dirtyRows(restored, "restored copy", findings);
        long latest = right.isEmpty() ? 0 : ((TreeMap<Long, MigrationRow>) right).lastKey();
        if (latest != expectedLatest) {
            findings.add(Finding.restoredOnly(table, "latest migration version is not the expected one",
                    Long.toString(expectedLatest), right.isEmpty() ? "(no rows)" : Long.toString(latest)));
        }
        gaps(left, right, knownVersions, expectedLatest, findings);
        return new CheckResult("migration parity", versions.size() + " versions in " + table, findings,
                "a restored catalog with a different migration history will be migrated wrongly by duckmesh;"
                        + " restore from a backup taken after the migrations finished, or set"
                        + " drill.migrations.expected-version if the expected version changed.",
                "source  ", "restored",
                new EvidenceTable("migration history", List.of("version", "source", "restored"), evidence));
    }

    private void compareRow(long version, MigrationRow s, MigrationRow r, List<Finding> findings) {
        String subject = table + " version " + version;
        if (r == null) {
            findings.add(new Finding(subject, "migration row missing from the restored copy", render(s), "(no row)"));
        } else if (s == null) {
            findings.add(new Finding(subject, "migration row exists only in the restored copy", "(no row)", render(r)));
        } else {
            TreeSet<String> columns = new TreeSet<>(s.columns().keySet());
            columns.addAll(r.columns().keySet());
            // A difference in dirty is reported by dirtyRows, on the side that is dirty.
            columns.remove("dirty");
            for (String column : columns) {
                String a = s.columns().get(column);
                String b = r.columns().get(column);
                if (!Objects.equals(a, b)) {
                    findings.add(new Finding(subject + ", column " + column, "value differs", String.valueOf(a), String.valueOf(b)));
                }
            }
        }
    }

    private void dirtyRows(List<MigrationRow> rows, String side, List<Finding> findings) {
        rows.stream().filter(MigrationRow::dirty).forEach(row -> findings.add(Finding.restoredOnly(
                table + " version " + row.version(), "migration is marked dirty in the " + side
                        + " (it started and never finished)", "dirty=false", "dirty=true")));
    }

    private void gaps(Map<Long, MigrationRow> left, Map<Long, MigrationRow> right, Collection<Long> known,
                      long expectedLatest, List<Finding> findings) {
        Collection<Long> required = known.isEmpty() && !right.isEmpty()
                ? rangeOf(((TreeMap<Long, MigrationRow>) right).firstKey(), ((TreeMap<Long, MigrationRow>) right).lastKey())
                : known.stream().filter(v -> v <= expectedLatest).toList();
        for (long version : required) {
            if (!left.containsKey(version) && !right.containsKey(version)) {
                findings.add(Finding.restoredOnly(table + " version " + version, "migration never applied (a gap in the history)",
                        "a row for version " + version, "(no row on either side)"));
            }
        }
    }

    /** Every version from first to last; empty when versions are timestamps rather than a count. */
    private static List<Long> rangeOf(long first, long last) {
        List<Long> range = new ArrayList<>();
        if (last - first > MAX_COUNTED_VERSIONS) {
            return range;
        }
        for (long v = first; v <= last; v++) {
            range.add(v);
        }
        return range;
    }

    private static Map<Long, MigrationRow> byVersion(List<MigrationRow> rows) {
        return rows.stream().collect(Collectors.toMap(MigrationRow::version, Function.identity(), (a, b) -> a, TreeMap::new));
    }

    private static String render(MigrationRow row) {
        return row.columns().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }
}
