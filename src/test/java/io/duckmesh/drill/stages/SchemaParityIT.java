package io.duckmesh.drill.stages;

import io.duckmesh.drill.pipeline.DrillContext;
import io.duckmesh.drill.pipeline.SchemaParity;
import io.duckmesh.drill.pipeline.Stage;
import io.duckmesh.drill.pipeline.StageScope;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.TestTemplate;

/** The JUnit class of {@link SchemaParity}: the drill runs it, the report shows it. */
@DrillStage(Stage.SCHEMA_PARITY)
@DisplayName("30 SchemaParity")
class SchemaParityIT {

    @TestTemplate
    void restoredSchemaIsTheSourceSchema(DrillContext drill, StageScope stage) throws Exception {
        new SchemaParity().run(drill, stage);
    }
}
