package io.duckmesh.drill.selftest;

import static io.duckmesh.drill.selftest.DrillOutcome.assertThatDrill;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalog of every kind pg_dump writes drills clean on the container target, and one of each lost is named. */
@EnabledWithDocker
class ContainerKindsCatalogTest {

    @TempDir
    Path work;

    /** The catalog has objects only a superuser can restore (KindsCatalogTest). */
    private DrillRun drill() {
        return DrillRun.in(work).with("drill.target", "container").with("drill.container.image", DockerCondition.image())
                .with("drill.source.fixture", "kinds").with("drill.restore.allow-superuser", "true");
    }

    @Test
    void untouchedPassesEveryStageWithItsGlobalsComparedOnAScratchServer() throws Exception {
        DrillOutcome outcome = drill().with("drill.globals", "true").run();

        assertThatDrill(outcome).passedEveryStageBut("MigrationParity", "declares no migrations-table");
        KindsCatalogTest.assertNoFileHolds(work.resolve("reports"), "subscription-canary-secret", "mapping-canary-secret");
    }

    @Test
    void withoutAllowSuperuserItIsRefusedBeforePgRestoreRunsInsideTheContainer() throws Exception {
        DrillOutcome outcome = drill().with("drill.restore.allow-superuser", "false").run();

        assertThatDrill(outcome).failedOnlyAt("Restore", "needs a superuser to restore 10 of its entries",
                "EVENT TRIGGER - kinds_note_ddl postgres (an event trigger", "set drill.restore.allow-superuser=true");
        assertThat(outcome.summary().has("restoreSeconds")).as("pg_restore ran: %s", outcome.summary()).isFalse();
    }

    @Test
    void aCopyThatLostOneObjectOfEveryKindFailsSchemaParityNamingEach() throws Exception {
        DrillOutcome outcome = drill().damagingRestored(KindsCatalogTest.ONE_OF_EACH_LOST).run();

        KindsCatalogTest.assertLostEach(outcome);
    }
}
