package io.duckmesh.drill.stages;

import io.duckmesh.drill.evidence.HtmlReport;
import io.duckmesh.drill.evidence.PrivateReports;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * Once the last result of a run is written (Allure writes a stage's result after it ends, and each
 * class's after the class): makes every file of Allure's results its owner's only (they hold the
 * attachments' rows; {@link DrillExtension} closed their folder before the first stage), then, where
 * make drill asks for it ({@value #ALLURE_HOME} and {@value #REPORT_DIR}) and the plan ran the stages,
 * renders the HTML report in this JVM.
 */
public final class DrillReportListener implements TestExecutionListener {

    /** The unpacked allure-commandline (pom.xml's allure.home); unset: no report is rendered (the self-tests). */
    public static final String ALLURE_HOME = "duckmesh.report.allure-home";
    /** The folder the report and its history go to (pom.xml's duckmesh.reports, bin/drill's reports folder). */
    public static final String REPORT_DIR = "duckmesh.report.dir";

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        Path results = Path.of(System.getProperty("allure.results.directory", "allure-results"));
        PrivateReports.seal(results);
        Optional<String> allureHome = Optional.ofNullable(System.getProperty(ALLURE_HOME)).filter(home -> !home.isBlank());
        if (allureHome.isPresent() && ranTheDrill(testPlan)) {
            HtmlReport.Rendered rendered = new HtmlReport(Path.of(allureHome.get()))
                    .render(results, Path.of(System.getProperty(REPORT_DIR, "reports")));
            System.out.printf("HTML report rendered in %.1f s: %s (history kept in %s)%n", rendered.took().toMillis() / 1000.0,
                    rendered.report(), rendered.history());
        }
    }

    /** Whether the plan held the drill's stage classes (not the report check, which runs in a plan of its own). */
    private static boolean ranTheDrill(TestPlan testPlan) {
        return testPlan.getRoots().stream().flatMap(root -> testPlan.getDescendants(root).stream())
                .map(test -> test.getSource().orElse(null))
                .anyMatch(source -> source instanceof org.junit.platform.engine.support.descriptor.ClassSource type
                        && type.getJavaClass().isAnnotationPresent(DrillStage.class));
    }
}
