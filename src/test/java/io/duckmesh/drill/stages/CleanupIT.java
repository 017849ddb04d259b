package io.duckmesh.drill.stages;

import io.duckmesh.drill.pipeline.DrillContext;
import io.duckmesh.drill.pipeline.Cleanup;
import io.duckmesh.drill.pipeline.Stage;
import io.duckmesh.drill.pipeline.StageScope;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.TestTemplate;

/** The JUnit class of {@link Cleanup}: the drill runs it, the report shows it. */
@DrillStage(Stage.CLEANUP)
@DisplayName("90 Cleanup")
class CleanupIT {

    @TestTemplate
    void drillLeavesNothingBehind(DrillContext drill, StageScope stage) throws Exception {
        new Cleanup().run(drill, stage);
    }
}
