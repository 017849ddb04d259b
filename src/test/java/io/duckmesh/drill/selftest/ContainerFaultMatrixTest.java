package io.duckmesh.drill.selftest;

import static io.duckmesh.drill.selftest.DrillOutcome.assertThatDrill;
import static org.assertj.core.api.Assertions.assertThat;

import io.duckmesh.drill.result.Finding;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fault matrix on drill.target=container: one container holds the source fixture and the
 * throwaway database, and runs pg_dump and pg_restore itself.
 */
@EnabledWithDocker
class ContainerFaultMatrixTest extends FaultMatrix {

    @Override
    DrillRun drill() {
        return DrillRun.in(work).with("drill.target", "container").with("drill.container.image", DockerCondition.image());
    }

    /** pg_restore runs inside the container, and its log is read only when it ends. */
    @Override
    boolean checksumsDuringRestore() {
        return false;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"chinook", "northwind", "pagila"})
    void untouchedRealWorldCatalogPassesEveryStage(String catalog) throws Exception {
        DrillOutcome outcome = drill().with("drill.source.fixture", catalog).run();

        assertThatDrill(outcome).passedEveryStageBut("MigrationParity", "declares no migrations-table");
        assertThat(outcome.summary().path("restoredAs").asText()).as("pg_restore inside the container ran as").startsWith("drill_restore_");
        assertThat(outcome.summary().path("ownersProven").asText()).isEqualTo("archive");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"pagila"})
    void realWorldCatalogWithDeletedRowsFailsRowCountParity(String catalog) throws Exception {
        DrillOutcome outcome = drill().with("drill.source.fixture", catalog)
                .damagingRestored("DELETE FROM film_actor WHERE actor_id = 1").run();

        assertThatDrill(outcome).failedOnlyAt("RowCountParity", "public.film_actor: row count differs")
                .withFinding("RowCountParity", Finding.Code.ROW_COUNT_DIFFERS, "public.film_actor");
    }
}
