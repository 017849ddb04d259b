package io.duckmesh.drill.selftest;

import io.duckmesh.drill.target.ContainerServer;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/** See {@link EnabledWithDocker}. */
final class DockerCondition implements ExecutionCondition {

    /** The image the container self-tests use: DUCKMESH_RESTORE_DRILL_CONTAINER_IMAGE, else the one make image builds. */
    static String image() {
        return Optional.ofNullable(System.getenv("DUCKMESH_RESTORE_DRILL_CONTAINER_IMAGE"))
                .orElse("duckmesh-local/postgres:15-bookworm");
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<String> problem = ContainerServer.dockerProblem().or(DockerCondition::imageProblem);
        if (problem.isEmpty()) {
            return ConditionEvaluationResult.enabled("Docker engine and image " + image() + " are there");
        }
        if ("true".equals(System.getenv("CI"))) {
            throw new ExtensionConfigurationException("CI=true, so the container self-tests must run, but " + problem.get()
                    + ". .ci/run starts dockerd and runs make image; check its output.");
        }
        return ConditionEvaluationResult.disabled("container self-tests skipped: " + problem.get());
    }

    private static Optional<String> imageProblem() {
        boolean present = DockerClientFactory.instance().client().listImagesCmd().withImageNameFilter(image()).exec()
                .stream().findAny().isPresent();
        return present ? Optional.empty() : Optional.of("the image " + image() + " is not built; run make image");
    }
}
