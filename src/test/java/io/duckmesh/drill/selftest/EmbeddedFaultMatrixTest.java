package io.duckmesh.drill.selftest;

import static io.duckmesh.drill.selftest.DrillOutcome.assertThatDrill;

import org.junit.jupiter.api.Test;

/** The fault matrix on drill.target=embedded: the drill starts its own source and restore servers. */
class EmbeddedFaultMatrixTest extends FaultMatrix {

    @Override
    DrillRun drill() {
        return DrillRun.in(work);
    }

    @Test
    void ownersAndGrantsOfRolesMissingOnTheTargetDoNotBreakTheRestore() throws Exception {
        DrillOutcome outcome = drill()
                .preparingSource("CREATE ROLE duckmesh_owner; CREATE ROLE \"duckmesh reader\";"
                        + " ALTER TABLE table_properties OWNER TO duckmesh_owner;"
                        + " ALTER SCHEMA ops OWNER TO duckmesh_owner;"
                        + " GRANT SELECT ON ALL TABLES IN SCHEMA public TO \"duckmesh reader\"")
                .run();

        assertThatDrill(outcome).passedEveryStage();
    }

}
