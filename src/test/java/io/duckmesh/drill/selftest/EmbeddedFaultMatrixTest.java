package io.duckmesh.drill.selftest;

import static io.duckmesh.drill.selftest.DrillOutcome.assertThatDrill;
import static org.assertj.core.api.Assertions.assertThat;

import io.duckmesh.drill.result.Finding;
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

    @Test
    void withChecksumDuringOffTheRestoredTablesAreReadOnlyAfterPgRestore() throws Exception {
        DrillOutcome outcome = drill().with("drill.restore.checksum-during", "false").run();

        assertThatDrill(outcome).passedEveryStage();
        assertThat(outcome.summary().path("restoredChecksums").asText()).isEqualTo("taken by 40 RowCountParity");
        assertThat(outcome.summary().has("tablesChecksummedWhilePgRestoreRan")).isFalse();
    }

    /**
     * One changed value in a 100,000-row table keyed by bigint, and one among 12,500 objects keyed by uuid: both
     * tables are more than drill.content.segment-rows, read in block ranges and narrowed (the uuid table on a hash
     * of its key) to the one row that differs.
     */
    @Test
    void oneChangedValueInEachOfTwoLargeTablesFailsContentParityWithBothRows() throws Exception {
        String object = "public.object_store_objects object_id=" + uuid("object4242");
        DrillOutcome outcome = drill().with("drill.fixture.rows", "125000").with("drill.content.segment-rows", "10000")
                .damagingRestored("UPDATE data_files SET file_size_bytes = file_size_bytes - 1 WHERE file_id = 77777;"
                        + " UPDATE object_store_objects SET size_bytes = size_bytes + 1 WHERE object_id = md5('object4242')::uuid")
                .run();

        assertThatDrill(outcome).failedOnlyAt("ContentParity", "2 findings",
                "public.data_files file_id=77777: row differs in column file_size_bytes", object + ": row differs in column size_bytes")
                .withFinding("ContentParity", Finding.Code.ROW_DIFFERS, "public.data_files file_id=77777")
                .withFinding("ContentParity", Finding.Code.ROW_DIFFERS, object);
    }

    private static String uuid(String text) throws Exception {
        String hex = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
                .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-" + hex.substring(16, 20) + "-"
                + hex.substring(20);
    }

    /** A materialized view the source left stale: pg_restore refreshes it, by design. */
    private static final String STALE_VIEW = "CREATE MATERIALIZED VIEW ops.namespace_names AS SELECT namespace_id, name FROM namespaces;"
            + " INSERT INTO namespaces (namespace_id, name, properties, created_at) VALUES (999999, 'late', '{}', '2026-12-01 00:00+00')";

    @Test
    void aStaleMaterializedViewThatPgRestoreRefreshedIsANoteNotAFinding() throws Exception {
        DrillOutcome outcome = drill().preparingSource(STALE_VIEW).run();

        assertThatDrill(outcome).passedEveryStage();
        assertThat(outcome.summary().path("byDesignNotes").findValuesAsText("subject")).containsExactly("ops.namespace_names",
                "ops.namespace_names");
        assertThat(outcome.summary().path("byDesignNotes").findValuesAsText("stage")).containsExactly("RowCountParity", "ContentParity");
    }

    @Test
    void aRefreshedViewWhoseRowsAreNotItsQuerysFailsRowCountParity() throws Exception {
        DrillOutcome outcome = drill().preparingSource(STALE_VIEW)
                .damagingRestored("UPDATE namespaces SET name = 'renamed' WHERE namespace_id = 1;"
                        + " REFRESH MATERIALIZED VIEW ops.namespace_names;"
                        + " UPDATE namespaces SET name = 'données_1' WHERE namespace_id = 1")
                .run();

        assertThatDrill(outcome).failedOnlyAt("RowCountParity", "[restore]", "ops.namespace_names: row count differs")
                .withFinding("RowCountParity", Finding.Code.ROW_COUNT_DIFFERS, "ops.namespace_names");
    }
}
