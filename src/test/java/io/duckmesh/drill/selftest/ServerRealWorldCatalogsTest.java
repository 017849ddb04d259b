package io.duckmesh.drill.selftest;

import static io.duckmesh.drill.selftest.DrillOutcome.assertThatDrill;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Chinook, Northwind and Pagila loaded into a source server and drilled with drill.target=server. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServerRealWorldCatalogsTest {

    @TempDir
    Path work;

    private ServerPair servers;

    @BeforeAll
    void loadCatalogs() throws Exception {
        servers = new ServerPair().load("chinook").load("northwind").load("pagila");
    }

    @AfterAll
    void stopServers() {
        servers.close();
    }

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

        assertThatDrill(outcome).failedOnlyAt("RowCountParity", table + ": row count differs");
    }
}
