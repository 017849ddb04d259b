package io.duckmesh.drill.evidence;

import io.duckmesh.drill.result.CheckResult;
import io.duckmesh.drill.result.EvidenceTable;
import io.duckmesh.drill.result.Steps;
import java.util.concurrent.Callable;

/**
 * Where a drill's evidence goes: named, timed steps, attachments (text and tables) and console
 * lines. The stages write it into the Allure report; {@code make backup} onto its console
 * ({@link ConsoleEvidence}).
 */
public interface Evidence extends Steps {

    /** A step's work that returns nothing. */
    @FunctionalInterface
    interface Work {
        void run() throws Exception;
    }

    /**
     * Runs {@code work} as a named, timed step. A statement cancelled by drill.timeout.statement fails
     * the step with its name and the time it waited ({@link StepFailures#timedOut}).
     */
    @Override
    <T> T step(String name, Callable<T> work);

    void step(String name, Work work);

    /** Dry-run: shows a command or SQL statement that a real run would execute. */
    void plan(String stage, String what, String commandOrSql);

    /** A step that already happened elsewhere (a check of duckmesh's integrity run), with its outcome and detail. */
    void outcome(String name, boolean passed, String detail);

    void text(String name, String text);

    /** Attaches a check's full comparison and, when it found something, its message. */
    void check(CheckResult result);

    void table(EvidenceTable table);

    void console(String line);

    /** The evidence of one database of a drill.databases run: its console lines say which database they are about. */
    default Evidence forDatabase(java.util.Optional<String> database) {
        return this;
    }

    /** A line that is both a step of its own in the report and a console line: what the drill notes as it goes. */
    void note(String line);
}
