package io.duckmesh.drill.stages;

import io.duckmesh.drill.pipeline.DrillContext;
import io.duckmesh.drill.pipeline.Restore;
import io.duckmesh.drill.pipeline.Stage;
import io.duckmesh.drill.pipeline.StageScope;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.TestTemplate;

/** The JUnit class of {@link Restore}: the drill runs it, the report shows it. */
@DrillStage(Stage.RESTORE)
@DisplayName("20 Restore")
class RestoreIT {

    @TestTemplate
    void dumpRestoresIntoThrowawayDatabase(DrillContext drill, StageScope stage) throws Exception {
        new Restore().run(drill, stage);
    }
}
