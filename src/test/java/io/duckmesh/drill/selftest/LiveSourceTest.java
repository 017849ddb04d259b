package io.duckmesh.drill.selftest;

import static io.duckmesh.drill.selftest.DrillOutcome.assertThatDrill;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The source is written all through the drill (inserts, updates and deletes, at least 100
 * transactions a second). Parity taken in the dump's own snapshot sees no difference; parity taken
 * from the live source after the dump does, which proves the writer really moves the source.
 */
@DrillServers
class LiveSourceTest {

    @TempDir
    Path work;

    private ServerPair servers;

    @Test
    void drillOfASourceUnderWritesHasNoFindings() throws Exception {
        try (SourceWriter writer = new SourceWriter(servers, 0)) {
            DrillOutcome outcome = servers.drill(work, "duckmesh").run();

            double rate = writer.stop();

            System.out.printf("live writer: %.0f transactions/s during the drill%n", rate);
            assertThatDrill(outcome).passedEveryStage();
            assertThat(rate).as("writer transactions per second").isGreaterThanOrEqualTo(100);
        }
    }

    @Test
    void sameDrillWithTheManifestTakenAfterTheDumpShowsDrift() throws Exception {
        try (SourceWriter writer = new SourceWriter(servers, 1_000_000)) {
            DrillOutcome outcome = servers.drill(work, "duckmesh").with("drill.parity.live-source", "true").run();

            assertThat(writer.stop()).as("writer transactions per second").isGreaterThanOrEqualTo(100);
            assertThatDrill(outcome).failedOnlyAt("ContentParity", "row differs in column record_count",
                    "writes since the dump may explain it");
        }
    }
}
