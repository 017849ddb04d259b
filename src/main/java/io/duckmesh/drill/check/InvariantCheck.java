package io.duckmesh.drill.check;

import io.duckmesh.drill.inspect.QueryRows;
import io.duckmesh.drill.result.SourceProbe;
import io.duckmesh.drill.result.EvidenceTable;
import io.duckmesh.drill.result.CheckResult;
import io.duckmesh.drill.result.Finding;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs the catalog's invariant queries on the restored copy: each .sql file is a query that must
 * return zero rows. Rules of the catalog that no constraint expresses, checked where it matters.
 */
public final class InvariantCheck {

    private static final int MAX_ROWS = 100;
    private static final int ROWS_IN_MESSAGE = 3;

    private final RowValues values;

    /** Shows every value of a row an invariant returns. */
    public InvariantCheck() {
        this(new RowValues("show"));
    }

    /** @param values drill.evidence.values: how the rows an invariant returns are shown (they are compared with the source's whole) */
    public InvariantCheck(RowValues values) {
        this.values = values;
    }

    /** The .sql files of the folders, in name order; a missing folder is an error naming the setting. */
    public static List<Path> files(List<Path> folders) {
        List<Path> files = new ArrayList<>();
        for (Path folder : folders) {
            try (Stream<Path> listed = Files.list(folder)) {
                listed.filter(f -> f.getFileName().toString().endsWith(".sql")).sorted().forEach(files::add);
            } catch (IOException unreadable) {
                throw new UncheckedIOException("Cannot list the invariants folder " + folder
                        + "; fix invariants-dir in the drill profile or drill.invariants.dir", unreadable);
            }
        }
        return files;
    }

    public CheckResult check(Connection connection, List<Path> files) throws SQLException {
        return check(connection, new java.util.concurrent.ConcurrentLinkedQueue<>(files), scope(files));
    }

    /** "3 invariant queries": a result's scope. */
    public static String scope(List<Path> files) {
        return files.size() + " invariant queries";
    }

    /**
     * Runs the queries drawn from a queue until it is empty; several sessions drawing from one queue
     * share the work, and {@link CheckResult#merged} puts their results together.
     */
    public CheckResult check(Connection connection, java.util.Queue<Path> work, String scope) throws SQLException {
        return check(connection, work, scope, SourceProbe.none());
    }

    /**
     * As {@link #check(Connection, java.util.Queue, String)}; a query that returns rows is run on the
     * source too, and when the source returns the same rows the finding is the source's.
     */
    public CheckResult check(Connection connection, java.util.Queue<Path> work, String scope, SourceProbe source) throws SQLException {
        List<Finding> findings = new ArrayList<>();
        List<List<String>> evidence = new ArrayList<>();
        for (Path file = work.poll(); file != null; file = work.poll()) {
            List<QueryRows.Row> read;
            String sql = read(file);
            try {
                read = QueryRows.rows(connection, sql, MAX_ROWS);
            } catch (SQLException failed) {
                throw new SQLException("Invariant " + file + " failed to run: " + failed.getMessage()
                        + ". Fix the query, or drop it from the invariants folder.", failed);
            }
            String name = file.getFileName().toString();
            List<String> rows = read.stream().map(QueryRows.Row::text).toList();
            List<String> shown = read.stream().map(values::cells).toList();
            shown.forEach(row -> evidence.add(List.of(name, row)));
            if (rows.isEmpty()) {
                evidence.add(List.of(name, "(no rows: holds)"));
            } else {
                Finding finding = Finding.restoredOnly(Finding.Code.INVARIANT_VIOLATED, "invariant " + name, "returned " + (rows.size() == MAX_ROWS ? "at least " : "")
                                + rows.size() + " row" + (rows.size() == 1 ? "" : "s") + ", e.g. "
                                + String.join("; ", shown.subList(0, Math.min(ROWS_IN_MESSAGE, shown.size()))),
                        "0 rows", Integer.toString(rows.size()));
                findings.add(source.attribute(finding, sql, rows, MAX_ROWS));
            }
        }
        return CheckResult.expectation("invariants", scope, findings,
                "the restored catalog breaks a rule of duckmesh that no constraint enforces; the rows are attached."
                        + " If the source breaks it too, the backup is faithful but the catalog needs repair.",
                new EvidenceTable("invariant rows", List.of("invariant", "row"), evidence));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException unreadable) {
            throw new UncheckedIOException("Cannot read the invariant " + file, unreadable);
        }
    }
}
