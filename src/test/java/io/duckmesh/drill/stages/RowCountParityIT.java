package io.duckmesh.drill.stages;

import io.duckmesh.drill.pipeline.DrillContext;
import io.duckmesh.drill.pipeline.RowCountParity;
import io.duckmesh.drill.pipeline.Stage;
import io.duckmesh.drill.pipeline.StageScope;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.TestTemplate;

/** The JUnit class of {@link RowCountParity}: the drill runs it, the report shows it. */
@DrillStage(Stage.ROW_COUNT_PARITY)
@DisplayName("40 RowCountParity")
class RowCountParityIT {

    @TestTemplate
    void everyTableHasTheSourceRowCount(DrillContext drill, StageScope stage) throws Exception {
        new RowCountParity().run(drill, stage);
    }
}
