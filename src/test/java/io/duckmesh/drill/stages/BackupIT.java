package io.duckmesh.drill.stages;

import io.duckmesh.drill.pipeline.DrillContext;
import io.duckmesh.drill.pipeline.Backup;
import io.duckmesh.drill.pipeline.Stage;
import io.duckmesh.drill.pipeline.StageScope;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.TestTemplate;

/** The JUnit class of {@link Backup}: the drill runs it, the report shows it. */
@DrillStage(Stage.BACKUP)
@DisplayName("10 Backup")
class BackupIT {

    @TestTemplate
    void dumpIsTakenAndReadable(DrillContext drill, StageScope stage) throws Exception {
        new Backup().run(drill, stage);
    }
}
