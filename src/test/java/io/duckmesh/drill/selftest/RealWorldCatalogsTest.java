package io.duckmesh.drill.selftest;

import static io.duckmesh.drill.selftest.DrillOutcome.assertThatDrill;

import io.duckmesh.drill.result.Finding;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The drill on three public catalogs nobody here wrote, on the embedded target: each passes untouched,
 * and faults that need their own source are caught. The full fault matrix on them runs in
 * ServerRealWorldCatalogsTest.
 */
class RealWorldCatalogsTest {

    @TempDir
    Path work;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"chinook", "northwind", "pagila"})
    void untouchedCatalogPassesEveryStage(String catalog) throws Exception {
        DrillOutcome outcome = DrillRun.in(work).with("drill.source.fixture", catalog).with("drill.globals", "true").run();

        assertThatDrill(outcome).passedEveryStageBut("MigrationParity", "declares no migrations-table");
    }

    @Test
    void northwindWithInvalidIndexFailsRelationalConsistency() throws Exception {
        DrillOutcome outcome = DrillRun.in(work).with("drill.source.fixture", "northwind")
                .damagingRestored("UPDATE pg_index SET indisvalid = false WHERE indexrelid = 'public.pk_orders'::regclass")
                .run();

        assertThatDrill(outcome).failedOnlyAt("RelationalConsistency", "public.pk_orders: index on public.orders is not usable")
                .withFinding("RelationalConsistency", Finding.Code.INDEX_UNUSABLE, "public.pk_orders");
    }

    @Test
    void pagilaWithOrphanedRentalIsASourceFindingThatFailsUnderFail() throws Exception {
        DrillOutcome outcome = DrillRun.in(work).with("drill.source.fixture", "pagila").with("drill.source-findings", "fail")
                .preparingSource("ALTER TABLE rental DROP CONSTRAINT rental_inventory_id_fkey;"
                        + " UPDATE rental SET inventory_id = 999999 WHERE rental_id = 1;"
                        + " ALTER TABLE rental ADD CONSTRAINT rental_inventory_id_fkey FOREIGN KEY (inventory_id)"
                        + " REFERENCES inventory (inventory_id) NOT VALID")
                .run();

        assertThatDrill(outcome).failedOnlyAt("RelationalConsistency",
                "public.rental: 1 orphaned row of foreign key rental_inventory_id_fkey (NOT VALID)", "rental_id=1, inventory_id=999999",
                "(source: the source in the dump's snapshot returns the same 1 row)").failedAsASourceProblem()
                .withFinding("RelationalConsistency", Finding.Code.ORPHAN_ROWS, "public.rental");
    }

    /** Chinook has no table without a primary key; dropping one in the source makes playlist_track a multiset. */
    @Test
    void chinookWithADuplicatedRowInATableWithoutKeyFailsContentParity() throws Exception {
        DrillOutcome outcome = DrillRun.in(work).with("drill.source.fixture", "chinook")
                .preparingSource("ALTER TABLE playlist_track DROP CONSTRAINT playlist_track_pkey")
                .damagingRestored("INSERT INTO playlist_track VALUES (1, 3402);"
                        + " DELETE FROM playlist_track WHERE playlist_id = 18 AND track_id = 597")
                .run();

        assertThatDrill(outcome).failedOnlyAt("ContentParity", "2 findings",
                "public.playlist_track (no primary key): row exists only in the restored copy", "-> restored: 2 x {",
                "public.playlist_track (no primary key): row missing from the restored copy")
                .withFinding("ContentParity", Finding.Code.ROW_EXTRA, "public.playlist_track (no primary key)")
                .withFinding("ContentParity", Finding.Code.ROW_MISSING, "public.playlist_track (no primary key)");
    }
}
