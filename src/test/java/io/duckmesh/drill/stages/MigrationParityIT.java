package io.duckmesh.drill.stages;

import io.duckmesh.drill.DrillContext;
import io.duckmesh.drill.check.MigrationParityCheck;
import io.duckmesh.drill.fixture.FixtureLoader;
import io.duckmesh.drill.fixture.Migration;
import io.duckmesh.drill.fixture.MigrationSet;
import io.duckmesh.drill.inspect.MigrationHistoryReader;
import io.duckmesh.drill.inspect.MigrationHistoryReader.MigrationRow;
import io.duckmesh.drill.inspect.TableRef;
import io.duckmesh.drill.settings.DrillProfile;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

@DrillStage
@Order(60)
@DisplayName("60 MigrationParity")
class MigrationParityIT {

    @Test
    void migrationHistoryMatchesTheSource(DrillContext drill, StageSupport stage) throws Exception {
        FixtureLoader loader = new FixtureLoader(drill.settings(), drill.sessions());
        DrillProfile profile = drill.dryRun() ? DrillProfile.read(loader.profileFile()) : drill.source().profile();
        if (profile.migrationsTable().isEmpty()) {
            Assumptions.abort("no migration history to compare: the drill profile " + profile.file() + " declares no migrations-table");
        }
        TableRef table = profile.migrationsTable().orElseThrow();
        MigrationSet migrations = MigrationSet.read(loader.migrationsDir());
        long expected = drill.settings().expectedMigrationVersion().orElse(migrations.latestVersion());

        if (drill.dryRun()) {
            stage.plan("compare every row of " + table + " on both sides; expect latest version " + expected,
                    "SELECT * FROM " + table.quoted() + " ORDER BY version");
            return;
        }
        MigrationHistoryReader reader = new MigrationHistoryReader();
        List<MigrationRow> source = drill.manifest().migrations();
        List<MigrationRow> restored = drill.evidence().step("read " + table + " on the restored copy", () -> {
            try (Connection connection = drill.sessions().openWritable(drill.restored())) {
                return reader.read(connection, table);
            }
        });
        stage.verify(new MigrationParityCheck(table.toString()).compare(source, restored, expected,
                migrations.all().stream().map(Migration::version).toList()));
    }
}
