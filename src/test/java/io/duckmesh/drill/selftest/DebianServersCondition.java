package io.duckmesh.drill.selftest;

import java.nio.file.Files;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/** See {@link EnabledWithDebianServers}. */
final class DebianServersCondition implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<String> problem = DebianServers.problem();
        if (problem.isEmpty() && !Files.isDirectory(DebianServers.realworld())) {
            problem = Optional.of("the real-world catalogs are not at " + DebianServers.realworld().toAbsolutePath()
                    + " (drill.realworld.dir: ../shared/realworld beside the clone)");
        }
        if (problem.isEmpty()) {
            return ConditionEvaluationResult.enabled("Debian servers answer and the real-world catalogs are there");
        }
        if ("true".equals(System.getenv("CI"))) {
            throw new ExtensionConfigurationException("CI=true, so the extension and real-world self-tests must run, but "
                    + problem.get() + ". .ci/run starts the servers with .ci/debian-servers; check its output.");
        }
        return ConditionEvaluationResult.disabled("extension and real-world self-tests skipped: " + problem.get()
                + "; run eval \"$(bash .ci/debian-servers)\" as root first");
    }
}
