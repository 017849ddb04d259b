package io.duckmesh.drill.stages;

import io.duckmesh.drill.pipeline.DrillContext;
import io.duckmesh.drill.pipeline.MigrationParity;
import io.duckmesh.drill.pipeline.Stage;
import io.duckmesh.drill.pipeline.StageScope;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.TestTemplate;

/** The JUnit class of {@link MigrationParity}: the drill runs it, the report shows it. */
@DrillStage(Stage.MIGRATION_PARITY)
@DisplayName("60 MigrationParity")
class MigrationParityIT {

    @TestTemplate
    void migrationHistoryMatchesTheSource(DrillContext drill, StageScope stage) throws Exception {
        new MigrationParity().run(drill, stage);
    }
}
