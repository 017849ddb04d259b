package io.duckmesh.drill.stages;

import io.duckmesh.drill.evidence.PrivateReports;
import java.nio.file.Path;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * Once the last result of a run is written (Allure writes a stage's result after it ends, and each
 * class's after the class), makes every file of Allure's results its owner's only: they hold the
 * attachments' rows. {@link DrillExtension} closed their folder before the first stage.
 */
public final class PrivateAllureResults implements TestExecutionListener {

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        PrivateReports.seal(Path.of(System.getProperty("allure.results.directory", "allure-results")));
    }
}
