package io.duckmesh.drill.selftest;

import static io.duckmesh.drill.selftest.DrillOutcome.assertThatDrill;

import io.duckmesh.drill.result.Finding;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Chinook, Northwind and Pagila loaded into a source server and drilled with drill.target=server. */
@DrillServers(catalogs = {"chinook", "northwind", "pagila"})
class ServerRealWorldCatalogsTest {

    @TempDir
    Path work;

    private ServerPair servers;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"chinook", "northwind", "pagila"})
    void untouchedCatalogPassesEveryStage(String catalog) throws Exception {
        DrillOutcome outcome = servers.drill(work, catalog).with("drill.profile", "fixtures/realworld/" + catalog + ".properties").run();

        assertThatDrill(outcome).passedEveryStageBut("MigrationParity", "declares no migrations-table");
    }

    @ParameterizedTest(name = "{0}: rows deleted from {1}")
    @CsvSource({
        "chinook,   public.track,         DELETE FROM playlist_track WHERE track_id = 1; DELETE FROM invoice_line WHERE track_id = 1; DELETE FROM track WHERE track_id = 1",
        "northwind, public.order_details, DELETE FROM order_details WHERE order_id = 10248",
        "pagila,    public.film_actor,    DELETE FROM film_actor WHERE actor_id = 1"
    })
    void deletedRowsFailRowCountParity(String catalog, String table, String delete) throws Exception {
        DrillOutcome outcome = servers.drill(work, catalog).with("drill.profile", "fixtures/realworld/" + catalog + ".properties")
                .damagingRestored(delete).run();

        assertThatDrill(outcome).failedOnlyAt("RowCountParity", table + ": row count differs")
                .withFinding("RowCountParity", Finding.Code.ROW_COUNT_DIFFERS, table);
    }

    /**
     * The fault matrix of the fixture, on data nobody here wrote: every fault that the catalog has
     * the objects for (Chinook and Northwind have no views, triggers or functions; none of the three
     * has jsonb), each injected into the restored copy and failing the stage that owns it.
     */
    static Stream<Arguments> faults() {
        String replica = "SET session_replication_role = replica; ";
        return Stream.of(
                fault("chinook", "changed value", "ContentParity", Finding.Code.ROW_DIFFERS, "public.invoice_line invoice_line_id=100", false,
                        "UPDATE invoice_line SET quantity = quantity + 1 WHERE invoice_line_id = 100",
                        "public.invoice_line invoice_line_id=100: row differs in column quantity"),
                fault("chinook", "swapped values", "ContentParity", Finding.Code.ROW_DIFFERS, "public.track track_id=2", false,
                        "UPDATE track t SET name = s.name FROM track s WHERE (t.track_id, s.track_id) IN ((1, 2), (2, 1))",
                        "2 findings", "public.track track_id=1: row differs in column name", "public.track track_id=2: row differs in column name"),
                fault("chinook", "NULL turned into ''", "ContentParity", Finding.Code.ROW_DIFFERS, "public.customer customer_id=2", false, "UPDATE customer SET company = '' WHERE customer_id = 2",
                        "public.customer customer_id=2: row differs in column company", "\"company\":null", "\"company\":\"\""),
                fault("chinook", "trailing space", "ContentParity", Finding.Code.ROW_DIFFERS, "public.artist artist_id=1", false, "UPDATE artist SET name = name || ' ' WHERE artist_id = 1",
                        "public.artist artist_id=1: row differs in column name"),
                fault("chinook", "timestamp moved by 1 µs", "ContentParity", Finding.Code.ROW_DIFFERS, "public.invoice invoice_id=1", false,
                        "UPDATE invoice SET invoice_date = invoice_date + interval '1 microsecond' WHERE invoice_id = 1",
                        "public.invoice invoice_id=1: row differs in column invoice_date"),
                fault("chinook", "dropped index", "SchemaParity", Finding.Code.SCHEMA_OBJECT_MISSING, "index public.track_genre_id_idx", false, "DROP INDEX track_genre_id_idx",
                        "index public.track_genre_id_idx: missing from the restored copy"),
                fault("chinook", "changed default", "SchemaParity", Finding.Code.SCHEMA_OBJECT_DIFFERS, "column public.album.title", false, "ALTER TABLE album ALTER COLUMN title SET DEFAULT 'untitled'",
                        "column public.album.title: definition differs"),
                fault("chinook", "sequence moved back", "RelationalConsistency", Finding.Code.SEQUENCE_STATE_DIFFERS, "public.invoice_invoice_id_seq", false, "SELECT setval('public.invoice_invoice_id_seq', 5)",
                        "public.invoice_invoice_id_seq"),
                fault("chinook", "broken invariant", "RelationalConsistency", Finding.Code.INVARIANT_VIOLATED, "invariant invoice_total_is_sum_of_lines.sql", true, "UPDATE invoice SET total = total + 1 WHERE invoice_id = 1",
                        "invariant invoice_total_is_sum_of_lines.sql: returned 1 row, e.g. invoice_id=1"),
                fault("chinook", "index corruption", "RelationalConsistency", Finding.Code.AMCHECK_CORRUPTION, "index public.drill_corrupt_idx", true, IndexCorruption.itemsOutOfOrder("track", "track_id"),
                        "index public.drill_corrupt_idx: amcheck bt_index_check found corruption"),

                fault("northwind", "changed value", "ContentParity", Finding.Code.ROW_DIFFERS, "public.products product_id=1", false, "UPDATE products SET unit_price = unit_price + 1 WHERE product_id = 1",
                        "public.products product_id=1: row differs in column unit_price"),
                fault("northwind", "swapped values", "ContentParity", Finding.Code.ROW_DIFFERS, "public.orders order_id=10249", false,
                        "UPDATE orders o SET ship_name = p.ship_name FROM orders p WHERE (o.order_id, p.order_id) IN ((10248, 10249), (10249, 10248))",
                        "2 findings", "public.orders order_id=10248: row differs in column ship_name",
                        "public.orders order_id=10249: row differs in column ship_name"),
                fault("northwind", "NULL turned into ''", "ContentParity", Finding.Code.ROW_DIFFERS, "public.customers customer_id=ALFKI", false, "UPDATE customers SET region = '' WHERE customer_id = 'ALFKI'",
                        "public.customers customer_id=ALFKI: row differs in column region"),
                fault("northwind", "trailing space", "ContentParity", Finding.Code.ROW_DIFFERS, "public.orders order_id=10250", false,
                        "UPDATE orders SET ship_city = ship_city || ' ' WHERE order_id = 10250",
                        "public.orders order_id=10250: row differs in column ship_city"),
                fault("northwind", "date moved by a day", "ContentParity", Finding.Code.ROW_DIFFERS, "public.orders order_id=10251", false,
                        "UPDATE orders SET order_date = order_date + 1 WHERE order_id = 10251",
                        "public.orders order_id=10251: row differs in column order_date"),
                fault("northwind", "dropped primary key", "SchemaParity", Finding.Code.SCHEMA_OBJECT_MISSING, "constraint public.us_states.pk_usstates", false, "ALTER TABLE us_states DROP CONSTRAINT pk_usstates",
                        "constraint public.us_states.pk_usstates: missing from the restored copy"),
                fault("northwind", "changed default", "SchemaParity", Finding.Code.SCHEMA_OBJECT_DIFFERS, "column public.products.discontinued", false, "ALTER TABLE products ALTER COLUMN discontinued SET DEFAULT 1",
                        "column public.products.discontinued: definition differs"),
                fault("northwind", "added comment", "SchemaParity", Finding.Code.SCHEMA_OBJECT_EXTRA, "comment public.orders", false, "COMMENT ON TABLE orders IS 'changed'",
                        "comment public.orders: exists only in the restored copy"),
                fault("northwind", "broken invariant", "RelationalConsistency", Finding.Code.INVARIANT_VIOLATED, "invariant order_shipped_after_it_was_placed.sql", true,
                        "UPDATE orders SET shipped_date = order_date - 1 WHERE order_id = 10248",
                        "invariant order_shipped_after_it_was_placed.sql: returned 1 row, e.g. order_id=10248"),
                fault("northwind", "index corruption", "RelationalConsistency", Finding.Code.AMCHECK_CORRUPTION, "index public.drill_corrupt_idx", true, IndexCorruption.itemsOutOfOrder("orders", "order_id"),
                        "index public.drill_corrupt_idx: amcheck bt_index_check found corruption"),

                fault("pagila", "changed value", "ContentParity", Finding.Code.ROW_DIFFERS, "public.film film_id=1", false, replica + "UPDATE film SET rental_rate = rental_rate + 1 WHERE film_id = 1",
                        "public.film film_id=1: row differs in column rental_rate"),
                fault("pagila", "swapped values", "ContentParity", Finding.Code.ROW_DIFFERS, "public.film film_id=2", false,
                        replica + "UPDATE film f SET title = g.title FROM film g WHERE (f.film_id, g.film_id) IN ((1, 2), (2, 1))",
                        "2 findings", "public.film film_id=1: row differs in column title", "public.film film_id=2: row differs in column title"),
                fault("pagila", "NULL turned into ''", "ContentParity", Finding.Code.ROW_DIFFERS, "public.address address_id=1", false, replica + "UPDATE address SET address2 = '' WHERE address_id = 1",
                        "public.address address_id=1: row differs in column address2"),
                fault("pagila", "trailing space", "ContentParity", Finding.Code.ROW_DIFFERS, "public.customer customer_id=1", false, replica + "UPDATE customer SET email = email || ' ' WHERE customer_id = 1",
                        "public.customer customer_id=1: row differs in column email"),
                fault("pagila", "timestamp moved by 1 µs", "ContentParity", Finding.Code.ROW_DIFFERS, "public.rental rental_id=1", false,
                        replica + "UPDATE rental SET rental_date = rental_date + interval '1 microsecond' WHERE rental_id = 1",
                        "public.rental rental_id=1: row differs in column rental_date"),
                fault("pagila", "array element changed", "ContentParity", Finding.Code.ROW_DIFFERS, "public.film film_id=1", false,
                        replica + "UPDATE film SET special_features[1] = 'Deleted Scene' WHERE film_id = 1",
                        "public.film film_id=1: row differs in column special_features"),
                fault("pagila", "row touched by its trigger", "ContentParity", Finding.Code.ROW_DIFFERS, "public.actor actor_id=1", false, "UPDATE actor SET first_name = 'PENELOPÉ' WHERE actor_id = 1",
                        "public.actor actor_id=1: row differs in columns first_name, last_update"),
                fault("pagila", "dropped index", "SchemaParity", Finding.Code.SCHEMA_OBJECT_MISSING, "index public.idx_actor_last_name", false, "DROP INDEX idx_actor_last_name",
                        "index public.idx_actor_last_name: missing from the restored copy"),
                fault("pagila", "changed default", "SchemaParity", Finding.Code.SCHEMA_OBJECT_DIFFERS, "column public.film.rental_rate", false, "ALTER TABLE film ALTER COLUMN rental_rate SET DEFAULT 9.99",
                        "column public.film.rental_rate: definition differs"),
                fault("pagila", "changed view", "SchemaParity", Finding.Code.SCHEMA_OBJECT_DIFFERS, "view public.sales_by_store", false, "CREATE OR REPLACE VIEW sales_by_store AS"
                                + " SELECT ((c.city || ','::text) || cy.country) AS store, ((m.first_name || ' '::text) || m.last_name) AS manager,"
                                + " sum(p.amount) AS total_sales FROM payment p JOIN rental r ON p.rental_id = r.rental_id"
                                + " JOIN inventory i ON r.inventory_id = i.inventory_id JOIN store s ON i.store_id = s.store_id"
                                + " JOIN address a ON s.address_id = a.address_id JOIN city c ON a.city_id = c.city_id"
                                + " JOIN country cy ON c.country_id = cy.country_id JOIN staff m ON s.manager_staff_id = m.staff_id"
                                + " GROUP BY cy.country, c.city, s.store_id, m.first_name, m.last_name ORDER BY cy.country DESC, c.city",
                        "view public.sales_by_store: definition differs"),
                fault("pagila", "dropped trigger", "SchemaParity", Finding.Code.SCHEMA_OBJECT_MISSING, "trigger public.actor.last_updated", false, "DROP TRIGGER last_updated ON actor",
                        "trigger public.actor.last_updated: missing from the restored copy"),
                fault("pagila", "changed function body", "SchemaParity", Finding.Code.SCHEMA_OBJECT_DIFFERS, "function public.last_day(timestamp with time zone)", false,
                        "CREATE OR REPLACE FUNCTION last_day(timestamptz) RETURNS date LANGUAGE sql IMMUTABLE STRICT AS 'SELECT $1::date'",
                        "function public.last_day(timestamp with time zone): definition differs"),
                fault("pagila", "changed domain", "SchemaParity", Finding.Code.SCHEMA_OBJECT_DIFFERS, "domain public.year", false, "ALTER DOMAIN year DROP CONSTRAINT year_check",
                        "domain public.year: definition differs"),
                fault("pagila", "sequence moved back", "RelationalConsistency", Finding.Code.SEQUENCE_STATE_DIFFERS, "public.actor_actor_id_seq", false, "SELECT setval('public.actor_actor_id_seq', 5)",
                        "public.actor_actor_id_seq"),
                fault("pagila", "broken invariant", "RelationalConsistency", Finding.Code.INVARIANT_VIOLATED, "invariant rental_returned_after_it_was_rented.sql", true,
                        replica + "UPDATE rental SET return_date = rental_date - interval '1 day' WHERE rental_id = 1",
                        "invariant rental_returned_after_it_was_rented.sql: returned 1 row, e.g. kind=rental, id=1"),
                fault("pagila", "index corruption", "RelationalConsistency", Finding.Code.AMCHECK_CORRUPTION, "index public.drill_corrupt_idx", true, IndexCorruption.itemsOutOfOrder("actor", "actor_id"),
                        "index public.drill_corrupt_idx: amcheck bt_index_check found corruption"));
    }

    private static Arguments fault(String catalog, String fault, String stage, Finding.Code code, String subject, boolean late, String sql,
                                   String... fragments) {
        return Arguments.of(catalog, fault, stage, code, subject, late, sql, fragments);
    }

    @ParameterizedTest(name = "{0}: {1} fails {2}")
    @MethodSource("faults")
    void faultInTheRestoredCopyFailsTheOwningStage(String catalog, String fault, String stage, Finding.Code code, String subject,
                                                   boolean late, String sql, String[] fragments) throws Exception {
        DrillRun run = servers.drill(work, catalog).with("drill.profile", "fixtures/realworld/" + catalog + ".properties");
        DrillOutcome outcome = (late ? run.damagingRestoredLate(sql) : run.damagingRestored(sql)).run();

        assertThatDrill(outcome).failedOnlyAt(stage, fragments).withFinding(stage, code, subject);
    }
}
