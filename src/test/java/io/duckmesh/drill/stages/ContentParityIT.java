package io.duckmesh.drill.stages;

import io.duckmesh.drill.pipeline.DrillContext;
import io.duckmesh.drill.pipeline.ContentParity;
import io.duckmesh.drill.pipeline.Stage;
import io.duckmesh.drill.pipeline.StageScope;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.TestTemplate;

/** The JUnit class of {@link ContentParity}: the drill runs it, the report shows it. */
@DrillStage(Stage.CONTENT_PARITY)
@DisplayName("50 ContentParity")
class ContentParityIT {

    @TestTemplate
    void everyTableHasTheSourceContent(DrillContext drill, StageScope stage) throws Exception {
        new ContentParity().run(drill, stage);
    }
}
