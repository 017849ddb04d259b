package io.duckmesh.drill.stages;

import io.duckmesh.drill.DrillContext;
import io.duckmesh.drill.evidence.StageOutcome;
import io.duckmesh.drill.settings.SettingKey;
import io.duckmesh.drill.settings.SettingsException;
import io.duckmesh.drill.settings.SettingsLoader;
import io.qameta.allure.Allure;
import io.qameta.allure.SeverityLevel;
import io.qameta.allure.util.ResultsUtils;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;
import org.opentest4j.TestAbortedException;
import io.duckmesh.drill.evidence.FailureCategory;

/**
 * Runs the ordered stage classes as one drill: they share a {@link DrillContext} in the root store;
 * after a failed stage every later one is skipped with a reason naming it, Cleanup excepted; each
 * stage's outcome, duration and findings are recorded for the summary and the console.
 */
public final class DrillExtension implements ExecutionCondition, BeforeTestExecutionCallback, AfterTestExecutionCallback,
        TestWatcher, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(DrillExtension.class);
    private static final String STARTED = "started";
    static final String FINDINGS = "findings";

    static DrillContext drill(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(DrillContext.class, key -> open(context), DrillContext.class);
    }

    private static DrillContext open(ExtensionContext context) {
        Map<String, String> properties = new TreeMap<>();
        System.getProperties().stringPropertyNames().stream().filter(name -> name.startsWith("drill."))
                .forEach(name -> properties.put(name, System.getProperty(name)));
        for (String key : SettingKey.allKeys()) {
            context.getConfigurationParameter(key).ifPresent(value -> properties.put(key, value));
        }
        try {
            return DrillContext.of(new SettingsLoader(properties, System.getenv(), Path.of("").toAbsolutePath()).load(), System.out);
        } catch (SettingsException invalid) {
            return DrillContext.invalid(invalid, System.out);
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
        Allure.epic("Restore drill");
        Allure.feature(stageLabel(context));
        Allure.label(ResultsUtils.SEVERITY_LABEL_NAME, severity(stageName(context)).value());
        String docs = drill(context).validSettings().map(s -> s.docsUrl()).orElse("docs/");
        Allure.link("runbook: " + stageName(context), docs + "runbook.md#" + stageName(context).toLowerCase(java.util.Locale.ROOT));
        Allure.link("what to do when a backup does not restore", docs + "runbooks/restore-from-backup.md");
        Allure.link("operations guide", docs + "OPERATIONS.md");
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
        int findings = Optional.ofNullable(context.getStore(NAMESPACE).get(FINDINGS, Integer.class)).orElse(0);
        String message = thrown.map(DrillExtension::firstLine).orElse("");
        record(context, new StageOutcome(order(context), stageName(context), status, durationMs, findings, message,
                thrown.filter(t -> status == StageOutcome.Status.FAILED).map(FailureCategory::of)));
    }

    @Override
    public void testDisabled(ExtensionContext context, Optional<String> reason) {
        if (isStage(context)) {
            record(context, new StageOutcome(order(context), stageName(context), StageOutcome.Status.SKIPPED, 0, 0,
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

    /** Counts a stage's findings for the summary; stages call it through {@link StageSupport}. */
    static void addFindings(ExtensionContext context, int count) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        store.put(FINDINGS, Optional.ofNullable(store.get(FINDINGS, Integer.class)).orElse(0) + count);
    }

    private static String firstLine(Throwable thrown) {
        String message = Optional.ofNullable(thrown.getMessage()).orElse(thrown.getClass().getSimpleName()).strip();
        return message.lines().findFirst().orElse(message);
    }

    private static boolean isStage(ExtensionContext context) {
        return context.getRequiredTestClass().isAnnotationPresent(DrillStage.class);
    }

    private static boolean alwaysRuns(ExtensionContext context) {
        DrillStage stage = context.getRequiredTestClass().getAnnotation(DrillStage.class);
        return stage != null && stage.alwaysRuns();
    }

    /** Without a restorable backup nothing else matters; a mismatch is critical; the API run and cleanup less so. */
    private static SeverityLevel severity(String stage) {
        return switch (stage) {
            case "Preflight", "Backup", "Restore" -> SeverityLevel.BLOCKER;
            case "IntegrityRun" -> SeverityLevel.NORMAL;
            case "Cleanup" -> SeverityLevel.MINOR;
            default -> SeverityLevel.CRITICAL;
        };
    }

    static int order(ExtensionContext context) {
        Order order = context.getRequiredTestClass().getAnnotation(Order.class);
        return order == null ? 99 : order.value();
    }

    static String stageName(ExtensionContext context) {
        return context.getRequiredTestClass().getSimpleName().replaceFirst("IT$", "");
    }

    static String stageLabel(ExtensionContext context) {
        return String.format("%02d %s", order(context), stageName(context));
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == DrillContext.class || type == StageSupport.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        DrillContext drill = drill(context);
        return parameter.getParameter().getType() == DrillContext.class ? drill : new StageSupport(drill, context);
    }
}
