package io.duckmesh.drill.stages;

import io.duckmesh.drill.pipeline.Stage;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks the JUnit class of one {@link Stage}: wires the {@link DrillExtension} (shared context, skip
 * after a failed stage, outcome and timing), orders it by the stage's order ({@link StageOrder}), tags
 * it {@code drill}. The stages run one after another; with drill.cluster.parallel-databases above 1,
 * a stage's runs for different databases run side by side ({@link ClusterParallelism}). The class's {@code @DisplayName} is the stage's
 * label, as the Allure report reads it from the annotation; StageClassesTest holds the two together.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(DrillExtension.class)
@Tag("drill")
public @interface DrillStage {

    Stage value();
}
