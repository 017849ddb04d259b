package io.duckmesh.drill.pipeline;

import io.duckmesh.drill.check.MigrationParityCheck;
import io.duckmesh.drill.fixture.FixtureLoader;
import io.duckmesh.drill.inspect.MigrationHistoryReader;
import io.duckmesh.drill.inspect.MigrationHistoryReader.MigrationRow;
import io.duckmesh.drill.inspect.TableRef;
import io.duckmesh.drill.settings.DrillProfile;
import java.sql.Connection;
import java.util.List;

/**
 * 60 MigrationParity: the restored migration history is the source's, row for row.
 */
public final class MigrationParity implements StageStep {

    @Override
    public void run(DrillContext drill, StageScope stage) throws Exception {
        FixtureLoader loader = new FixtureLoader(drill.settings(), drill.sessions());
        DrillProfile profile = drill.dryRun() ? DrillProfile.read(loader.profileFile()) : drill.source().profile();
        if (profile.migrationsTable().isEmpty()) {
            stage.skip("no migration history to compare: the drill profile " + profile.file() + " declares no migrations-table");
        }
        TableRef table = profile.migrationsTable().orElseThrow();
        java.util.Optional<java.nio.file.Path> folder = drill.settings().migrationsDir();
        List<Long> known = folder.map(io.duckmesh.drill.fixture.MigrationsFolder::versions).orElse(List.of());
        java.util.Optional<String> expected = drill.settings().expectedMigrationVersion()
                .or(() -> known.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(Long.toString(known.get(known.size() - 1))));
        String expectation = expected.map(v -> "expect latest version " + v + (drill.settings().expectedMigrationVersion().isPresent()
                ? " (drill.migrations.expected-version)" : " (the newest file of " + folder.orElseThrow() + ")"))
                .orElse("no expected latest version (set drill.migrations.expected-version or drill.migrations.dir)");

        if (drill.dryRun()) {
            stage.plan("compare every row of " + table + " on both sides (drill.migrations.format=" + drill.settings().migrationFormat().setting()
                    + "); " + expectation, "SELECT * FROM " + table.quoted());
            return;
        }
        MigrationHistoryReader reader = new MigrationHistoryReader();
        List<MigrationRow> source = drill.manifest().migrations();
        MigrationHistoryReader.History restored = drill.evidence().step("read " + table + " on the restored copy", () -> {
            try (Connection connection = drill.sessions().openWritable(drill.restored())) {
                return reader.read(connection, table, drill.settings().migrationFormat());
            }
        });
        drill.evidence().step(restored.format().setting() + " history; " + expectation
                + (known.isEmpty() ? "; gaps not looked for (no drill.migrations.dir)" : "; gaps looked for against " + folder.orElseThrow()), () -> { });
        stage.verify(new MigrationParityCheck(table.toString(), restored.format()).compare(source, restored.rows(), expected, known));
    }
}
