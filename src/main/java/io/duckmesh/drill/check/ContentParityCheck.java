package io.duckmesh.drill.check;

import io.duckmesh.drill.result.EvidenceTable;
import io.duckmesh.drill.result.CheckResult;
import io.duckmesh.drill.result.Finding;
import io.duckmesh.drill.inspect.Bisector;
import io.duckmesh.drill.inspect.RowDiffer.RowDiff;
import io.duckmesh.drill.inspect.TableDigest;
import io.duckmesh.drill.inspect.TableRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Every table's content on the restored copy is the source's: equal digests, and where they
 * differ, the rows that differ, named by key and column. Tables another stage owns are left to it.
 */
public final class ContentParityCheck {

    /** Tables whose digests differ on both sides, to be drilled down to rows. */
    public List<TableRef> differingTables(Map<TableRef, TableDigest> source, Map<TableRef, TableDigest> restored,
                                          Map<TableRef, String> ownedElsewhere) {
        List<TableRef> differing = new ArrayList<>();
        for (TableRef table : union(source, restored)) {
            TableDigest s = source.get(table);
            TableDigest r = restored.get(table);
            if (!ownedElsewhere.containsKey(table) && s != null && r != null && !s.checksum().equals(r.checksum())) {
                differing.add(table);
            }
        }
        return differing;
    }

    /**
     * The WHERE conditions (for a table aliased t) that cover every difference: one per differing
     * segment when both sides were digested with the same plan, else "true" for the whole table.
     */
    public static List<String> differingRanges(TableDigest source, TableDigest restored) {
        if (source.plan() == null || !source.plan().equals(restored.plan())) {
            return List.of("true");
        }
        Map<Integer, String> left = new TreeMap<>();
        source.segments().forEach(s -> left.put(s.index(), s.rows() + ":" + s.checksum()));
        Map<Integer, String> right = new TreeMap<>();
        restored.segments().forEach(s -> right.put(s.index(), s.rows() + ":" + s.checksum()));
        TreeSet<Integer> buckets = new TreeSet<>(left.keySet());
        buckets.addAll(right.keySet());
        return buckets.stream().filter(b -> !java.util.Objects.equals(left.get(b), right.get(b)))
                .map(source.plan()::condition).toList();
    }

    /**
     * @param rowDiffs the differing rows of each differing table (possibly truncated at the limit)
     * @param label appended to every table finding's problem, such as a live-source warning; empty for none
     * @param rowsLabel appended to every row finding's problem, saying where the source rows were read
     */
    public CheckResult compare(Map<TableRef, TableDigest> source, Map<TableRef, TableDigest> restored,
                               Map<TableRef, String> ownedElsewhere, Map<TableRef, List<RowDiff>> rowDiffs, String label,
                               String rowsLabel) {
        return compare(source, restored, ownedElsewhere, rowDiffs, label, rowsLabel, Map.of());
    }

    /** @param byDesign notes for the tables whose difference pg_restore makes on purpose ({@link RefreshedViews}) */
    public CheckResult compare(Map<TableRef, TableDigest> source, Map<TableRef, TableDigest> restored,
                               Map<TableRef, String> ownedElsewhere, Map<TableRef, List<RowDiff>> rowDiffs, String label,
                               String rowsLabel, Map<TableRef, String> byDesign) {
        List<Finding> findings = new ArrayList<>();
        List<List<String>> evidence = new ArrayList<>();
        for (TableRef table : union(source, restored)) {
            TableDigest s = source.get(table);
            TableDigest r = restored.get(table);
            String left = s == null ? "(no such table)" : describe(s);
            String right = r == null ? "(no such table)" : describe(r);
            if (ownedElsewhere.containsKey(table)) {
                evidence.add(List.of(table.toString(), left, right, "compared row by row in " + ownedElsewhere.get(table)));
                continue;
            }
            boolean same = s != null && r != null && s.checksum().equals(r.checksum()) && s.populated() == r.populated();
            evidence.add(List.of(table.toString(), left, right, same ? "same" : byDesign.containsKey(table) ? "differs by design"
                    : "DIFFERS" + segmentNote(s, r)));
            if (same || s == null || r == null) {
                continue;
            }
            if (byDesign.containsKey(table)) {
                findings.add(new Finding(Finding.Code.CONTENT_DIFFERS, table.toString(), "content differs" + label, left, right)
                        .as(Finding.Kind.BY_DESIGN, byDesign.get(table)));
                continue;
            }
            List<RowDiff> diffs = rowDiffs.getOrDefault(table, List.of());
            if (diffs.isEmpty()) {
                findings.add(new Finding(Finding.Code.CONTENT_DIFFERS, table.toString(), "content differs" + label, left, right));
            }
            for (RowDiff diff : diffs) {
                findings.add(new Finding(code(diff), table + " " + diff.key(), problem(diff) + rowsLabel, diff.source(), diff.restored()));
            }
        }
        return CheckResult.parity("content parity", evidence.size() + " tables", findings,
                "the restored rows are not the source's; compare the named rows, read the restore log of stage 20 Restore,"
                        + " and do not trust this backup until the difference is explained.",
                new EvidenceTable("table checksums", List.of("table", "source", "restored", "result"), evidence));
    }

    /** The differing rows as - source / + restored lines, for the CSV attachment. */
    public EvidenceTable rowsTable(Map<TableRef, List<RowDiff>> rowDiffs) {
        List<List<String>> rows = new ArrayList<>();
        rowDiffs.forEach((table, diffs) -> diffs.forEach(diff -> {
            String columns = String.join(" ", diff.columns());
            rows.add(List.of("-", table.toString(), diff.key(), diff.kind(), columns, diff.source()));
            rows.add(List.of("+", table.toString(), diff.key(), diff.kind(), columns, diff.restored()));
        }));
        return new EvidenceTable("differing rows", List.of("side", "table", "key", "kind", "differing columns", "row"), rows);
    }

    /** How each differing table was narrowed down, so a reviewer sees the work was proportionate. */
    public EvidenceTable bisectionTable(List<Bisector.Result> results) {
        List<List<String>> rows = new ArrayList<>();
        results.forEach(result -> rows.add(List.of(result.table().toString(), result.splitOn(),
                String.valueOf(result.stats().levels()), String.valueOf(result.stats().rangesChecksummed()),
                String.valueOf(result.stats().leafRanges()), String.valueOf(result.stats().rowsCompared()),
                String.valueOf(result.rows().size()))));
        return new EvidenceTable("bisection", List.of("table", "split on", "levels", "range checksums per side",
                "leaf ranges", "rows compared per side", "differing rows"), rows);
    }

    private static Finding.Code code(RowDiff diff) {
        return switch (diff.kind()) {
            case "changed" -> Finding.Code.ROW_DIFFERS;
            case "missing" -> Finding.Code.ROW_MISSING;
            default -> Finding.Code.ROW_EXTRA;
        };
    }

    private static String problem(RowDiff diff) {
        return switch (diff.kind()) {
            case "changed" -> "row differs in column" + (diff.columns().size() == 1 ? " " : "s ") + String.join(", ", diff.columns());
            case "missing" -> "row missing from the restored copy";
            default -> "row exists only in the restored copy";
        };
    }

    private static String segmentNote(TableDigest source, TableDigest restored) {
        if (source == null || restored == null || source.plan() == null) {
            return "";
        }
        return " in " + differingRanges(source, restored).size() + " of " + source.plan().count() + " key ranges";
    }

    private static String describe(TableDigest digest) {
        return digest.populated() ? digest.rows() + " rows, checksum " + digest.checksum() : "(materialized view not populated)";
    }

    private static TreeSet<TableRef> union(Map<TableRef, TableDigest> source, Map<TableRef, TableDigest> restored) {
        TreeSet<TableRef> tables = new TreeSet<>(source.keySet());
        tables.addAll(restored.keySet());
        return tables;
    }
}
