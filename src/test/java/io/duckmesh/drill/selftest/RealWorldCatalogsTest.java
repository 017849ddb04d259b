package io.duckmesh.drill.selftest;

import static io.duckmesh.drill.selftest.DrillOutcome.assertThatDrill;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The drill on three public catalogs nobody here wrote: each passes untouched and each fault is caught. */
class RealWorldCatalogsTest {

    @TempDir
    Path work;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"chinook", "northwind", "pagila"})
    void untouchedCatalogPassesEveryStage(String catalog) throws Exception {
        DrillOutcome outcome = DrillRun.in(work).with("drill.source.fixture", catalog).run();

        assertThatDrill(outcome).passedEveryStageBut("MigrationParity", "declares no migrations-table");
    }

    @Test
    void chinookWithLostInvoiceLinesFailsRowCountParity() throws Exception {
        DrillOutcome outcome = DrillRun.in(work).with("drill.source.fixture", "chinook")
                .damagingRestored("DELETE FROM invoice_line WHERE invoice_line_id <= 5")
                .run();

        assertThatDrill(outcome).failedOnlyAt("RowCountParity", "public.invoice_line: row count differs");
    }

    @Test
    void northwindWithInvalidIndexFailsRelationalConsistency() throws Exception {
        DrillOutcome outcome = DrillRun.in(work).with("drill.source.fixture", "northwind")
                .damagingRestored("UPDATE pg_index SET indisvalid = false WHERE indexrelid = 'public.pk_orders'::regclass")
                .run();

        assertThatDrill(outcome).failedOnlyAt("RelationalConsistency", "public.pk_orders: index on public.orders is not usable");
    }

    @Test
    void pagilaWithOrphanedRentalFailsRelationalConsistency() throws Exception {
        DrillOutcome outcome = DrillRun.in(work).with("drill.source.fixture", "pagila")
                .preparingSource("ALTER TABLE rental DROP CONSTRAINT rental_inventory_id_fkey;"
                        + " UPDATE rental SET inventory_id = 999999 WHERE rental_id = 1;"
                        + " ALTER TABLE rental ADD CONSTRAINT rental_inventory_id_fkey FOREIGN KEY (inventory_id)"
                        + " REFERENCES inventory (inventory_id) NOT VALID")
                .run();

        assertThatDrill(outcome).failedOnlyAt("RelationalConsistency",
                "public.rental: 1 orphaned row of foreign key rental_inventory_id_fkey (NOT VALID)", "rental_id=1, inventory_id=999999");
    }

    @Test
    void chinookWithNullTurnedIntoEmptyStringFailsContentParity() throws Exception {
        DrillOutcome outcome = DrillRun.in(work).with("drill.source.fixture", "chinook")
                .damagingRestored("UPDATE customer SET company = '' WHERE customer_id = 2")
                .run();

        assertThatDrill(outcome).failedOnlyAt("ContentParity", "public.customer customer_id=2: row differs in column company",
                "\"company\":null", "\"company\":\"\"");
    }

    @Test
    void pagilaWithChangedDomainFailsSchemaParity() throws Exception {
        DrillOutcome outcome = DrillRun.in(work).with("drill.source.fixture", "pagila")
                .damagingRestored("ALTER DOMAIN year DROP CONSTRAINT year_check")
                .run();

        assertThatDrill(outcome).failedOnlyAt("SchemaParity", "domain public.year: definition differs");
    }

    @ParameterizedTest(name = "{0}: {1} fails {2}")
    @CsvSource(delimiter = '#', textBlock = """
        chinook # changed price # ContentParity # UPDATE track SET unit_price = unit_price + 0.01 WHERE track_id = 42 # public.track track_id=42: row differs in column unit_price
        northwind # trailing space # ContentParity # UPDATE orders SET ship_city = ship_city || ' ' WHERE order_id = 10250 # public.orders order_id=10250: row differs in column ship_city
        pagila # changed name via trigger # ContentParity # UPDATE actor SET first_name = 'PENELOPÉ' WHERE actor_id = 1 # public.actor actor_id=1: row differs in columns first_name, last_update
        chinook # changed default # SchemaParity # ALTER TABLE album ALTER COLUMN title SET DEFAULT 'untitled' # column public.album.title: definition differs
        northwind # added comment # SchemaParity # COMMENT ON TABLE orders IS 'changed' # comment public.orders: exists only in the restored copy
        pagila # dropped trigger # SchemaParity # DROP TRIGGER last_updated ON actor # trigger public.actor.last_updated: missing from the restored copy
        """)
    void faultInRestoredCopyFailsTheOwningStage(String catalog, String fault, String stage, String sql, String fragment)
            throws Exception {
        DrillOutcome outcome = DrillRun.in(work).with("drill.source.fixture", catalog).damagingRestored(sql).run();

        assertThatDrill(outcome).failedOnlyAt(stage, fragment);
    }
}
