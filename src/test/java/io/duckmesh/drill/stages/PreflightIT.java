package io.duckmesh.drill.stages;

import io.duckmesh.drill.pipeline.DrillContext;
import io.duckmesh.drill.pipeline.Preflight;
import io.duckmesh.drill.pipeline.Stage;
import io.duckmesh.drill.pipeline.StageScope;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.TestTemplate;

/** The JUnit class of {@link Preflight}: the drill runs it, the report shows it. */
@DrillStage(Stage.PREFLIGHT)
@DisplayName("00 Preflight")
class PreflightIT {

    @TestTemplate
    void sourceIsReadyToDrill(DrillContext drill, StageScope stage) throws Exception {
        new Preflight().run(drill, stage);
    }
}
