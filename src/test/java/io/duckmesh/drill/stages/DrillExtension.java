package io.duckmesh.drill.stages;

import io.duckmesh.drill.pipeline.ClusterReport;
import io.duckmesh.drill.pipeline.DrillCluster;
import io.duckmesh.drill.pipeline.DrillContext;
import io.duckmesh.drill.settings.DrillSettings;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.junit.platform.engine.UniqueId;
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
 * Runs the ordered stage classes as one drill per database: each stage's method is a template run once
 * for each database of the run ({@link DrillCluster}: the one in drill.source.url, or each of
 * drill.databases), and the runs for one database share its {@link DrillContext}; after a failed stage
 * every later one of that database is skipped with a reason naming it, Cleanup excepted; each stage's
 * outcome, duration and findings are recorded for the summary and the console.
 */
public final class DrillExtension implements ExecutionCondition, BeforeTestExecutionCallback, AfterTestExecutionCallback,
        TestWatcher, ParameterResolver, TestExecutionExceptionHandler, TestTemplateInvocationContextProvider, AfterAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(DrillExtension.class);
    private static final String STARTED = "started";
    private static final String INVOCATION = "test-template-invocation";

    /** The run's drills, one per database: in the root store, closed when the run ends. */
    static DrillCluster cluster(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(DrillCluster.class, key -> open(context), DrillCluster.class);
    }

    /** The drill of the database this invocation of a stage (or fault) is for. */
    public static DrillContext drill(ExtensionContext context) {
        return cluster(context).drill(invocation(context));
    }

    /** Which database (0-based) an invocation is for: JUnit numbers a template's invocations #1, #2, ... */
    private static int invocation(ExtensionContext context) {
        List<UniqueId.Segment> segments = UniqueId.parse(context.getUniqueId()).getSegments();
        return segments.stream().filter(segment -> segment.getType().equals(INVOCATION)).reduce((first, last) -> last)
                .map(segment -> Integer.parseInt(segment.getValue().substring(1)) - 1)
                .orElseThrow(() -> new IllegalStateException(context.getUniqueId() + " is not one database's run of a stage: mark the"
                        + " method @TestTemplate, as the stage classes are"));
    }

    /**
     * A JUnit configuration parameter: {@code true} makes the drill read its settings from the
     * configuration parameters alone, ignoring -Ddrill.* system properties and DUCKMESH_RESTORE_DRILL_*
     * environment variables. The self-tests set it, so that a user's own flags (make test ARGS=...,
     * an exported variable) cannot change what they drill.
     */
    public static final String ISOLATED = "duckmesh.drill.settings.isolated";

    private static DrillCluster open(ExtensionContext context) {
        // Before any stage writes an attachment into it: Allure's results hold rows, so nobody else may enter their folder.
        io.duckmesh.drill.evidence.PrivateReports.close(Path.of(System.getProperty("allure.results.directory", "allure-results")));
        AllureEvidence evidence = new AllureEvidence(System.out);
        try {
            return DrillCluster.of(settings(context::getConfigurationParameter), evidence);
        } catch (SettingsException invalid) {
            return DrillCluster.invalid(invalid, evidence);
        }
    }

    /** The drill's settings from the run's configuration parameters, -Ddrill.* and the environment (see {@link #ISOLATED}). */
    static DrillSettings settings(Function<String, Optional<String>> parameters) {
        boolean isolated = parameters.apply(ISOLATED).map(Boolean::parseBoolean).orElse(false);
        Map<String, String> properties = new TreeMap<>();
        if (!isolated) {
            System.getProperties().stringPropertyNames().stream().filter(name -> name.startsWith("drill."))
                    .forEach(name -> properties.put(name, System.getProperty(name)));
        }
        for (String key : SettingKey.allKeys()) {
            parameters.apply(key).ifPresent(value -> properties.put(key, value));
        }
        Map<String, String> environment = new TreeMap<>(System.getenv());
        if (isolated) {
            environment.keySet().removeIf(SettingKey::isDrillEnvVar);
        }
        return new SettingsLoader(properties, environment, Path.of("").toAbsolutePath()).load();
    }

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return true;
    }

    /** One invocation per database: named by the method alone for one database, by the database for several. */
    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        DrillCluster cluster = cluster(context);
        String method = context.getDisplayName();
        return cluster.databases().stream().map(database -> new TestTemplateInvocationContext() {
            @Override
            public String getDisplayName(int invocationIndex) {
                return cluster.several() ? database : method;
            }
        });
    }

    /** After the last stage of a drill.databases run: the cluster's verdict, its Allure environment and history. */
    @Override
    public void afterAll(ExtensionContext context) {
        if (isStage(context) && stage(context) == Stage.CLEANUP && cluster(context).several()) {
            DrillCluster cluster = cluster(context);
            cluster.settings().ifPresent(settings -> new ClusterReport(cluster, settings).write(System.out));
        }
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (context.getTestMethod().isEmpty() || !isInvocation(context) || alwaysRuns(context)) {
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
        if (cluster(context).several()) {
            String database = cluster(context).databases().get(invocation(context));
            Allure.parameter("database", database);
            Allure.label("database", database);
        }
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

    private static boolean isInvocation(ExtensionContext context) {
        return UniqueId.parse(context.getUniqueId()).getLastSegment().getType().equals(INVOCATION);
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
