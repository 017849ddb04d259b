package io.duckmesh.drill.selftest;

import static io.duckmesh.drill.selftest.DrillOutcome.assertThatDrill;
import static org.assertj.core.api.Assertions.assertThat;

import io.duckmesh.drill.result.Finding;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drills on the container target, passed and failed, leave no container behind. */
@EnabledWithDocker
class RepeatedContainerDrillsTest {

    @TempDir
    Path work;

    @Test
    void containerDrillsLeaveNoContainer() throws Exception {
        long before = containers();

        for (int run = 0; run < 3; run++) {
            DrillRun drill = DrillRun.in(work.resolve("run-" + run)).with("drill.target", "container")
                    .with("drill.container.image", DockerCondition.image());
            DrillOutcome outcome = run == 1 ? drill.damagingRestored("DELETE FROM table_properties WHERE table_id = 7").run() : drill.run();
            if (run == 1) {
                assertThatDrill(outcome).failedOnlyAt("RowCountParity", "public.table_properties: row count differs")
                        .withFinding("RowCountParity", Finding.Code.ROW_COUNT_DIFFERS, "public.table_properties");
            } else {
                assertThatDrill(outcome).passedEveryStage();
            }
        }

        assertThat(containers()).as("containers, running or stopped, after three drills").isEqualTo(before);
    }

    private static long containers() throws Exception {
        Process docker = new ProcessBuilder("docker", "ps", "-aq").redirectErrorStream(true).start();
        String out = new String(docker.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(docker.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(docker.exitValue()).as("docker ps: %s", out).isZero();
        return out.lines().filter(line -> !line.isBlank()).count();
    }
}
