package io.duckmesh.drill.stages;

import io.duckmesh.drill.pipeline.DrillContext;
import io.duckmesh.drill.pipeline.RelationalConsistency;
import io.duckmesh.drill.pipeline.Stage;
import io.duckmesh.drill.pipeline.StageScope;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.TestTemplate;

/** The JUnit class of {@link RelationalConsistency}: the drill runs it, the report shows it. */
@DrillStage(Stage.RELATIONAL_CONSISTENCY)
@DisplayName("70 RelationalConsistency")
class RelationalConsistencyIT {

    @TestTemplate
    void restoredCatalogIsRelationallySound(DrillContext drill, StageScope stage) throws Exception {
        new RelationalConsistency().run(drill, stage);
    }
}
