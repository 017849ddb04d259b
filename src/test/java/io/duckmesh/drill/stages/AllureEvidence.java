package io.duckmesh.drill.stages;

import io.duckmesh.drill.evidence.Evidence;
import io.duckmesh.drill.evidence.EvidenceTables;
import io.duckmesh.drill.evidence.StepFailures;
import io.duckmesh.drill.result.CheckResult;
import io.duckmesh.drill.result.EvidenceTable;
import io.qameta.allure.Allure;
import io.qameta.allure.model.Status;
import java.io.PrintStream;
import java.util.concurrent.Callable;

/**
 * Writes what a stage did into the Allure report (named steps, CSV and HTML attachments) and a
 * line per step on the console. Lambda steps need no AspectJ agent.
 */
public final class AllureEvidence implements Evidence {

    private final PrintStream console;
    private final String prefix;

    public AllureEvidence(PrintStream console) {
        this(console, "[drill] ");
    }

    private AllureEvidence(PrintStream console, String prefix) {
        this.console = console;
        this.prefix = prefix;
    }

    @Override
    public Evidence forDatabase(java.util.Optional<String> database) {
        return database.map(name -> (Evidence) new AllureEvidence(console, "[drill " + name + "] ")).orElse(this);
    }

    @Override
    public <T> T step(String name, Callable<T> work) {
        return StepFailures.guarded(name, () -> Allure.step(name, work::call));
    }

    @Override
    public void step(String name, Work work) {
        StepFailures.guarded(name, () -> {
            Allure.step(name, work::run);
            return null;
        });
    }

    @Override
    public void plan(String stage, String what, String commandOrSql) {
        Allure.step("would " + what, () -> Allure.addAttachment("would run", "text/plain", commandOrSql, ".txt"));
        console.println(prefix + "dry-run " + stage + ": would " + what + System.lineSeparator() + "          " + commandOrSql);
    }

    @Override
    public void outcome(String name, boolean passed, String detail) {
        Allure.step(name, () -> {
            if (!detail.isEmpty()) {
                Allure.addAttachment("detail", "text/plain", detail, ".txt");
            }
            Allure.getLifecycle().updateStep(step -> step.setStatus(passed ? Status.PASSED : Status.FAILED));
        });
    }

    @Override
    public void text(String name, String text) {
        Allure.addAttachment(name, "text/plain", text, ".txt");
    }

    @Override
    public void check(CheckResult result) {
        Allure.story(result.check());
        table(result.evidence());
        if (!result.findings().isEmpty()) {
            text(result.check() + " findings", result.describe());
        }
    }

    @Override
    public void table(EvidenceTable table) {
        Allure.addAttachment(table.name() + ".csv", "text/csv", EvidenceTables.csv(table), ".csv");
        Allure.addAttachment(table.name(), "text/html", EvidenceTables.html(table), ".html");
    }

    @Override
    public void console(String line) {
        console.println(prefix + line);
    }

    @Override
    public void note(String line) {
        step(line, () -> { });
        console(line);
    }
}
