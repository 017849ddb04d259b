package io.duckmesh.drill.evidence;

import io.duckmesh.drill.check.CheckResult;
import io.duckmesh.drill.check.EvidenceTable;
import io.qameta.allure.Allure;
import io.qameta.allure.model.Status;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * Writes what a stage did into the Allure report (named steps, CSV and HTML attachments) and a
 * line per step on the console. Lambda steps need no AspectJ agent.
 */
public final class Evidence {

    private final PrintStream console;

    public Evidence(PrintStream console) {
        this.console = console;
    }

    /**
     * Runs {@code work} as a named, timed Allure step. A statement cancelled by drill.timeout.statement
     * fails the step with its name and the time it waited.
     */
    public <T> T step(String name, Callable<T> work) {
        long started = System.nanoTime();
        try {
            return Allure.step(name, work::call);
        } catch (Exception failed) {
            throw Evidence.<RuntimeException>rethrow(timedOut(name, started, failed));
        }
    }

    public void step(String name, Allure.ThrowableRunnableVoid work) {
        long started = System.nanoTime();
        try {
            Allure.step(name, work);
        } catch (Exception failed) {
            throw Evidence.<RuntimeException>rethrow(timedOut(name, started, failed));
        }
    }

    /** The failure as it is, or, for a statement PostgreSQL cancelled (SQLSTATE 57014), one that names the step and the wait. */
    static Throwable timedOut(String step, long startedNanos, Throwable failed) {
        for (Throwable cause = failed; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof java.sql.SQLException sql && "57014".equals(sql.getSQLState())) {
                return new IllegalStateException(String.format(java.util.Locale.ROOT,
                        "Step '%s' was cancelled after %.1f s: a statement ran longer than drill.timeout.statement (%s)."
                                + " Something may hold a lock on the table, or the table needs a longer drill.timeout.statement.",
                        step, (System.nanoTime() - startedNanos) / 1e9, sql.getMessage().lines().findFirst().orElse("")), failed);
            }
        }
        return failed;
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E rethrow(Throwable failure) throws E {
        throw (E) failure;
    }

    /** Dry-run: shows a command or SQL statement that a real run would execute. */
    public void plan(String stage, String what, String commandOrSql) {
        Allure.step("would " + what, () -> Allure.addAttachment("would run", "text/plain", commandOrSql, ".txt"));
        console.println("[drill] dry-run " + stage + ": would " + what + System.lineSeparator() + "          " + commandOrSql);
    }

    /** A step that already happened elsewhere (a check of duckmesh's integrity run), with its outcome and detail. */
    public void outcome(String name, boolean passed, String detail) {
        Allure.step(name, () -> {
            if (!detail.isEmpty()) {
                Allure.addAttachment("detail", "text/plain", detail, ".txt");
            }
            Allure.getLifecycle().updateStep(step -> step.setStatus(passed ? Status.PASSED : Status.FAILED));
        });
    }

    public void text(String name, String text) {
        Allure.addAttachment(name, "text/plain", text, ".txt");
    }

    /** Attaches a check's full comparison (CSV and HTML) and, when it found something, its message. */
    public void check(CheckResult result) {
        Allure.story(result.check());
        table(result.evidence());
        if (!result.findings().isEmpty()) {
            text(result.check() + " findings", result.describe());
        }
    }

    public void table(EvidenceTable table) {
        Allure.addAttachment(table.name() + ".csv", "text/csv", Tables.csv(table), ".csv");
        Allure.addAttachment(table.name(), "text/html", Tables.html(table), ".html");
    }

    public void console(String line) {
        console.println("[drill] " + line);
    }

    /** Helpers rendering an evidence table. */
    static final class Tables {

        private Tables() {
        }

        static String csv(EvidenceTable table) {
            return row(table.header()) + table.rows().stream().map(Tables::row).collect(Collectors.joining());
        }

        private static String row(List<String> cells) {
            return cells.stream().map(Tables::csvCell).collect(Collectors.joining(",")) + "\n";
        }

        private static String csvCell(String cell) {
            return cell.matches("[^\",\\n\\r]*") ? cell : "\"" + cell.replace("\"", "\"\"") + "\"";
        }

        static String html(EvidenceTable table) {
            String head = table.header().stream().map(h -> "<th>" + escape(h) + "</th>").collect(Collectors.joining());
            String body = table.rows().stream()
                    .map(r -> "<tr>" + r.stream().map(c -> "<td>" + escape(c) + "</td>").collect(Collectors.joining()) + "</tr>")
                    .collect(Collectors.joining("\n"));
            return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><style>"
                    + "table{border-collapse:collapse;font-family:sans-serif;font-size:13px}"
                    + "th,td{border:1px solid #ccc;padding:3px 8px;text-align:left}th{background:#f0f0f0}"
                    + "</style></head><body><h3>" + escape(table.name()) + "</h3><table><tr>" + head + "</tr>\n" + body
                    + "</table></body></html>";
        }

        private static String escape(String text) {
            return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
        }
    }
}
