package io.duckmesh.drill.stages;

import io.duckmesh.drill.pipeline.DrillContext;
import io.duckmesh.drill.pipeline.Stage;
import io.duckmesh.drill.pipeline.StageScope;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.TestTemplate;

/** The JUnit class of {@link IntegrityRun}: the drill runs it, the report shows it. */
@DrillStage(Stage.INTEGRITY_RUN)
@DisplayName("80 IntegrityRun")
class IntegrityRunIT {

    @TestTemplate
    void duckmeshFindsTheRestoredCatalogSound(DrillContext drill, StageScope stage) {
        new IntegrityRun().run(drill, stage);
    }
}
