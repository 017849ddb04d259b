package io.duckmesh.drill.stages;

import io.duckmesh.drill.settings.SettingsException;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Predicate;
import org.junit.platform.engine.ConfigurationParameters;
import org.junit.platform.engine.support.hierarchical.ParallelExecutionConfiguration;
import org.junit.platform.engine.support.hierarchical.ParallelExecutionConfigurationStrategy;

/**
 * How many databases of a drill.databases run JUnit drills at once: drill.cluster.parallel-databases, read
 * from the same settings the stages read (1 when they are invalid: Preflight says why). The stage classes
 * run one after another in their order ({@link #PARAMETERS}: classes on one thread), and a stage's runs
 * for the databases side by side, that many at a time.
 */
public final class ClusterParallelism implements ParallelExecutionConfigurationStrategy {

    /** The JUnit configuration parameters that run a drill so: make drill, failsafe's drill profile and the self-tests set them. */
    public static final Map<String, String> PARAMETERS = Map.of(
            "junit.jupiter.execution.parallel.enabled", "true",
            "junit.jupiter.execution.parallel.mode.classes.default", "same_thread",
            "junit.jupiter.execution.parallel.mode.default", "concurrent",
            "junit.jupiter.execution.parallel.config.strategy", "custom",
            "junit.jupiter.execution.parallel.config.custom.class", ClusterParallelism.class.getName());

    @Override
    public ParallelExecutionConfiguration createConfiguration(ConfigurationParameters parameters) {
        int databases;
        try {
            databases = DrillExtension.settings(parameters::get).parallelDatabases();
        } catch (SettingsException invalid) {
            databases = 1;
        }
        int parallelism = databases;
        return new ParallelExecutionConfiguration() {
            @Override
            public int getParallelism() {
                return parallelism;
            }

            @Override
            public int getMinimumRunnable() {
                return parallelism;
            }

            @Override
            public int getMaxPoolSize() {
                return parallelism + 256;
            }

            @Override
            public int getCorePoolSize() {
                return parallelism;
            }

            @Override
            public int getKeepAliveSeconds() {
                return 30;
            }

            @Override
            public Predicate<? super ForkJoinPool> getSaturatePredicate() {
                return pool -> true;
            }
        };
    }
}
