package io.duckmesh.drill.stages;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * make drill without Maven, once Maven has built the drill (bin/drill starts this when the build is up to
 * date): the stages in this JVM as failsafe runs them, the HTML report rendered here
 * ({@link DrillReportListener}), and, where asked (drill.report.check, on under CI=true), the report opened in
 * headless Chromium by {@code HtmlReportIT}, here too. Settings come as -D system properties and environment
 * variables, as in failsafe's JVM. Exits 0 when all of that ran (the drill's own verdict is in
 * drill-summary.json, which bin/drill reads), 1 when the report could not be rendered or failed its check.
 */
public final class DrillMain {

    private DrillMain() {
    }

    public static void main(String[] args) {
        Path results = Path.of(System.getProperty("allure.results.directory", "reports/allure-results"));
        System.setProperty("allure.results.directory", results.toString());
        io.duckmesh.drill.evidence.PrivateReports.delete(results);
        Launcher drill = LauncherFactory.create();
        SummaryGeneratingListener stages = new SummaryGeneratingListener();
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectPackage("io.duckmesh.drill.stages"))
                .configurationParameters(ClusterParallelism.PARAMETERS).build();
        drill.execute(request, stages);
        boolean ran = stages.getSummary().getTestsFoundCount() > 0;
        if (!ran) {
            System.err.println("make drill: no stage class was found on the classpath; run it through Maven: DUCKMESH_DRILL_VIA_MAVEN=1 make drill");
        }
        boolean checked = !reportCheckAsked() || check();
        System.exit(ran && checked ? 0 : 1);
    }

    /** drill.report.check (-D, then DUCKMESH_RESTORE_DRILL_REPORT_CHECK); empty: only under CI=true. */
    static boolean reportCheckAsked() {
        String asked = Optional.ofNullable(System.getProperty("drill.report.check"))
                .or(() -> Optional.ofNullable(System.getenv("DUCKMESH_RESTORE_DRILL_REPORT_CHECK"))).orElse("");
        return asked.isEmpty() ? "true".equals(System.getenv("CI")) : Boolean.parseBoolean(asked);
    }

    /** The report check in this JVM, without Allure's listener (its results are not the drill's). */
    private static boolean check() {
        Launcher checker = LauncherFactory.create(LauncherConfig.builder().enableTestExecutionListenerAutoRegistration(false).build());
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        checker.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass("io.duckmesh.drill.report.HtmlReportIT")).build(),
                listener);
        TestExecutionSummary summary = listener.getSummary();
        summary.getFailures().forEach(failure -> System.err.println("report check failed: " + failure.getException().getMessage()));
        System.out.printf("report check (drill.report.check): %d passed, %d failed, %d aborted%n", summary.getTestsSucceededCount(),
                summary.getTotalFailureCount(), summary.getTestsAbortedCount());
        return summary.getTestsFoundCount() > 0 && summary.getTotalFailureCount() == 0;
    }
}
