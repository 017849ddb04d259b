package io.duckmesh.drill.check;

import io.duckmesh.drill.result.CheckResult;
import static org.assertj.core.api.Assertions.assertThat;

import io.duckmesh.drill.inspect.CatalogInventory;
import io.duckmesh.drill.inspect.Relation;
import io.duckmesh.drill.inspect.TableInfo;
import io.duckmesh.drill.postgres.ScratchServer;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Which references the drill scans itself: a foreign key VALID on the restored copy was checked by
 * PostgreSQL when pg_restore added it; a NOT VALID one never was.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrphanCheckTest {

    private final ScratchServer server = ScratchServer.start("orphan check test", "CREATE TABLE parent (id int PRIMARY KEY);"
            + " CREATE TABLE valid_child (id int PRIMARY KEY, parent_id int REFERENCES parent);"
            + " CREATE TABLE loose_child (id int PRIMARY KEY, parent_id int);"
            + " INSERT INTO parent SELECT generate_series(1, 10);"
            + " INSERT INTO valid_child SELECT i, i FROM generate_series(1, 10) i;"
            + " INSERT INTO loose_child VALUES (1, 1), (2, 99);"
            + " ALTER TABLE loose_child ADD CONSTRAINT loose_child_parent_fkey FOREIGN KEY (parent_id) REFERENCES parent NOT VALID");
    private final Connection connection = server.connection();

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    @Test
    void aValidKeyIsNotScannedAgainAndANotValidOneIs() throws Exception {
        CatalogInventory inventory = new CatalogInventory(List.of("public"));
        List<Relation> keys = inventory.foreignKeys(connection);
        Set<String> validated = keys.stream().filter(Relation::validated).map(Relation::describe).collect(Collectors.toSet());

        CheckResult result = new OrphanCheck().check(connection, "foreign keys", keys,
                inventory.tables(connection).stream().collect(Collectors.toMap(TableInfo::table, TableInfo::primaryKey)), validated);

        assertThat(validated).containsExactly("public.valid_child(parent_id) -> public.parent(id)");
        assertThat(result.findings()).singleElement().satisfies(f -> assertThat(f.problem())
                .isEqualTo("1 orphaned row of foreign key loose_child_parent_fkey (NOT VALID) public.loose_child(parent_id)"
                        + " -> public.parent(id), e.g. row id=2, parent_id=99"));
        assertThat(result.evidence().rows()).containsExactly(
                List.of("public.loose_child(parent_id) -> public.parent(id)", "foreign key loose_child_parent_fkey (NOT VALID)", "1"),
                List.of("public.valid_child(parent_id) -> public.parent(id)", "foreign key valid_child_parent_id_fkey",
                        "not scanned: VALID on the restored copy, so PostgreSQL checked every row when pg_restore added it"));
    }

    /** Were a VALID key's rows broken behind PostgreSQL's back, only a scan would see it: the drill scans what it is told to. */
    @Test
    void aKeyNotMarkedValidatedIsScannedEvenIfPostgresSaysValid() throws Exception {
        try (Statement statement = connection.createStatement()) {
            statement.execute("BEGIN; SET LOCAL session_replication_role = replica; INSERT INTO valid_child VALUES (11, 77); COMMIT");
        }
        try {
            CatalogInventory inventory = new CatalogInventory(List.of("public"));
            List<Relation> valid = inventory.foreignKeys(connection).stream().filter(Relation::validated).toList();

            CheckResult result = new OrphanCheck().check(connection, "foreign keys", valid,
                    inventory.tables(connection).stream().collect(Collectors.toMap(TableInfo::table, TableInfo::primaryKey)));

            assertThat(result.findings()).singleElement().satisfies(f -> assertThat(f.problem()).startsWith("1 orphaned row"));
        } finally {
            try (Statement statement = connection.createStatement()) {
                statement.execute("DELETE FROM valid_child WHERE id = 11");
            }
        }
    }
}
