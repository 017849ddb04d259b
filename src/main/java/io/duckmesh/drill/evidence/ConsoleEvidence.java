package io.duckmesh.drill.evidence;

import io.duckmesh.drill.result.CheckResult;
import io.duckmesh.drill.result.EvidenceTable;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * Evidence on a console alone, for the command line ({@code make backup}): each step a line with
 * its time, each table its name and size, each check its findings.
 */
public final class ConsoleEvidence implements Evidence {

    private final PrintStream out;

    public ConsoleEvidence(PrintStream out) {
        this.out = out;
    }

    @Override
    public <T> T step(String name, Callable<T> work) {
        long started = System.nanoTime();
        return StepFailures.guarded(name, () -> {
            T result = work.call();
            out.printf(Locale.ROOT, "  %-70s %6.1f s%n", name, (System.nanoTime() - started) / 1e9);
            return result;
        });
    }

    @Override
    public void step(String name, Work work) {
        step(name, () -> {
            work.run();
            return null;
        });
    }

    @Override
    public void plan(String stage, String what, String commandOrSql) {
        out.println("  dry-run " + stage + ": would " + what + System.lineSeparator() + "    " + commandOrSql);
    }

    @Override
    public void outcome(String name, boolean passed, String detail) {
        out.println("  " + name + ": " + (passed ? "passed" : "FAILED") + (detail.isEmpty() ? "" : System.lineSeparator() + detail));
    }

    @Override
    public void text(String name, String text) {
        out.println("  " + name + ":" + System.lineSeparator() + text);
    }

    @Override
    public void check(CheckResult result) {
        out.println("  " + result.check() + " (" + result.scope() + "): " + result.findings().size() + " findings");
        if (!result.findings().isEmpty()) {
            out.println(result.describe());
        }
    }

    @Override
    public void table(EvidenceTable table) {
        out.println("  " + table.name() + ": " + table.rows().size() + " rows");
    }

    @Override
    public void console(String line) {
        out.println(line);
    }

    @Override
    public void note(String line) {
        out.println(line);
    }
}
