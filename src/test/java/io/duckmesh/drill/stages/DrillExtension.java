package io.duckmesh.drill.stages;

import io.duckmesh.drill.pipeline.DrillContext;
import io.duckmesh.drill.evidence.StageOutcome;
import io.duckmesh.drill.pipeline.Stage;
import io.duckmesh.drill.pipeline.StageScope;
import io.duckmesh.drill.pipeline.StageSkipped;
import io.duckmesh.drill.settings.SettingKey;
import io.duckmesh.drill.settings.SettingsException;
import io.duckmesh.drill.settings.SettingsLoader;
import io.qameta.allure.Allure;
import io.qameta.allure.util.ResultsUtils;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestWatcher;
import org.opentest4j.TestAbortedException;
import io.duckmesh.drill.result.FailureCategory;

/**
 * Runs the ordered stage classes as one drill: they share a {@link DrillContext} in the root store;
 * after a failed stage every later one is skipped with a reason naming it, Cleanup excepted; each
 * stage's outcome, duration and findings are recorded for the summary and the console.
 */
public final class DrillExtension implements ExecutionCondition, BeforeTestExecutionCallback, AfterTestExecutionCallback,
        TestWatcher, ParameterResolver, TestExecutionExceptionHandler {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(DrillExtension.class);
    private static final String STARTED = "started";

    static DrillContext drill(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(DrillContext.class, key -> open(context), DrillContext.class);
    }

    /**
     * A JUnit configuration parameter: {@code true} makes the drill read its settings from the
     * configuration parameters alone, ignoring -Ddrill.* system properties and DUCKMESH_RESTORE_DRILL_*
     * environment variables. The self-tests set it, so that a user's own flags (make test ARGS=...,
     * an exported variable) cannot change what they drill.
     */
    public static final String ISOLATED = "duckmesh.drill.settings.isolated";

    private static DrillContext open(ExtensionContext context) {
        // Before any stage writes an attachment into it: Allure's results hold rows, so nobody else may enter their folder.
        io.duckmesh.drill.evidence.PrivateReports.close(Path.of(System.getProperty("allure.results.directory", "allure-results")));
        boolean isolated = context.getConfigurationParameter(ISOLATED, Boolean::parseBoolean).orElse(false);
        Map<String, String> properties = new TreeMap<>();
        if (!isolated) {
            System.getProperties().stringPropertyNames().stream().filter(name -> name.startsWith("drill."))
                    .forEach(name -> properties.put(name, System.getProperty(name)));
        }
        for (String key : SettingKey.allKeys()) {
            context.getConfigurationParameter(key).ifPresent(value -> properties.put(key, value));
        }
        Map<String, String> environment = new TreeMap<>(System.getenv());
        if (isolated) {
            environment.keySet().removeIf(SettingKey::isDrillEnvVar);
        }
        try {
            return DrillContext.of(new SettingsLoader(properties, environment, Path.of("").toAbsolutePath()).load(), new AllureEvidence(System.out));
        } catch (SettingsException invalid) {
            return DrillContext.invalid(invalid, new AllureEvidence(System.out));
        }
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (context.getTestMethod().isEmpty() || alwaysRuns(context)) {
            return ConditionEvaluationResult.enabled("stage runs");
        }
        Optional<StageOutcome> failed = drill(context).firstFailure();
        return failed.map(f -> ConditionEvaluationResult.disabled("skipped: stage " + f.label() + " failed"))
                .orElseGet(() -> ConditionEvaluationResult.enabled("no earlier stage failed"));
    }

    @Override
    public void beforeTestExecution(ExtensionContext context) {
        context.getStore(NAMESPACE).put(STARTED, System.nanoTime());
        if (!isStage(context)) {
            return;
        }
        Allure.epic("Restore drill");
        Allure.feature(stage(context).label());
        Allure.label(ResultsUtils.SEVERITY_LABEL_NAME, stage(context).severity().value());
        String name = stage(context).title();
        String docs = drill(context).validSettings().map(s -> s.docsUrl()).orElse("docs/");
        Allure.link("runbook: " + name, docs + "runbook.md#" + name.toLowerCase(java.util.Locale.ROOT));
        Allure.link("what to do when a backup does not restore", docs + "runbooks/restore-from-backup.md");
        Allure.link("operations guide", docs + "OPERATIONS.md");
    }

    /** A stage with nothing to do in this drill ends skipped, as JUnit shows an aborted test. */
    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable thrown) throws Throwable {
        if (thrown instanceof StageSkipped skipped) {
            throw new TestAbortedException(skipped.getMessage());
        }
        throw thrown;
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        if (!isStage(context)) {
            return;
        }
        long durationMs = (System.nanoTime() - context.getStore(NAMESPACE).get(STARTED, Long.class)) / 1_000_000;
        Optional<Throwable> thrown = context.getExecutionException();
        StageOutcome.Status status = thrown.map(t -> t instanceof TestAbortedException
                ? StageOutcome.Status.SKIPPED : StageOutcome.Status.FAILED).orElse(StageOutcome.Status.PASSED);
        int findings = Optional.ofNullable(context.getStore(NAMESPACE).get(StageScope.class, StageScope.class))
                .map(StageScope::findings).orElse(0);
        String message = thrown.map(DrillExtension::firstLine).orElse("");
        record(context, new StageOutcome(stage(context).order(), stage(context).title(), status, durationMs, findings, message,
                thrown.filter(t -> status == StageOutcome.Status.FAILED).map(FailureCategory::of)));
    }

    @Override
    public void testDisabled(ExtensionContext context, Optional<String> reason) {
        if (isStage(context)) {
            record(context, new StageOutcome(stage(context).order(), stage(context).title(), StageOutcome.Status.SKIPPED, 0, 0,
                    reason.orElse("skipped")));
        }
    }

    private static void record(ExtensionContext context, StageOutcome outcome) {
        DrillContext drill = drill(context);
        drill.record(outcome);
        String detail = switch (outcome.status()) {
            case PASSED -> String.format("PASSED  %6.1f s  %d findings", outcome.durationMs() / 1000.0, outcome.findings());
            case FAILED -> String.format("FAILED  %6.1f s  %s", outcome.durationMs() / 1000.0, outcome.message());
            case SKIPPED -> "SKIPPED " + outcome.message();
        };
        drill.evidence().console(String.format("%-26s %s", outcome.label(), detail));
    }

    private static String firstLine(Throwable thrown) {
        String message = Optional.ofNullable(thrown.getMessage()).orElse(thrown.getClass().getSimpleName()).strip();
        return message.lines().findFirst().orElse(message);
    }

    private static boolean isStage(ExtensionContext context) {
        return context.getRequiredTestClass().isAnnotationPresent(DrillStage.class);
    }

    private static boolean alwaysRuns(ExtensionContext context) {
        return isStage(context) && stage(context).alwaysRuns();
    }

    static Stage stage(ExtensionContext context) {
        return context.getRequiredTestClass().getAnnotation(DrillStage.class).value();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == DrillContext.class || type == StageScope.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        DrillContext drill = drill(context);
        if (parameter.getParameter().getType() == DrillContext.class) {
            return drill;
        }
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(StageScope.class, key -> new StageScope(drill, stage(context)),
                StageScope.class);
    }
}
