package io.duckmesh.drill.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.duckmesh.drill.pipeline.Stage;
import io.duckmesh.drill.stages.DrillStage;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Every stage has one JUnit class, named in the report by the stage's own label. */
class StageClassesTest {

    @Test
    void eachStageHasOneClassShownByItsLabel() {
        Map<Stage, Class<?>> classes = new EnumMap<>(Stage.class);
        for (JavaClass type : new ClassFileImporter().importPackages("io.duckmesh.drill.stages")) {
            Class<?> reflected = type.reflect();
            DrillStage stage = reflected.getAnnotation(DrillStage.class);
            if (stage == null) {
                continue;
            }
            assertThat(classes.put(stage.value(), reflected)).as("a second class for %s: %s", stage.value(), reflected).isNull();
            DisplayName name = reflected.getAnnotation(DisplayName.class);
            assertThat(name).as("@DisplayName on %s", reflected).isNotNull();
            assertThat(name.value()).as("@DisplayName of %s", reflected).isEqualTo(stage.value().label());
            assertThat(reflected.getSimpleName()).isEqualTo(stage.value().title() + "IT");
        }
        assertThat(classes.keySet()).containsExactly(Stage.values());
    }
}
