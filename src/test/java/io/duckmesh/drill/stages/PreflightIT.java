package io.duckmesh.drill.stages;

import static org.assertj.core.api.Assertions.fail;

import io.duckmesh.drill.DrillContext;
import io.duckmesh.drill.check.EvidenceTable;
import io.duckmesh.drill.check.KeyTablesCheck;
import io.duckmesh.drill.fixture.FixtureLoader;
import io.duckmesh.drill.fixture.SourceFixture;
import io.duckmesh.drill.inspect.CatalogInventory;
import io.duckmesh.drill.inspect.TableInfo;
import io.duckmesh.drill.postgres.EmbeddedServer;
import io.duckmesh.drill.postgres.PgTools.ToolVersion;
import io.duckmesh.drill.settings.DrillProfile;
import io.duckmesh.drill.settings.DrillSettings;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

@DrillStage
@Order(0)
class PreflightIT {

    @Test
    void sourceIsReadyToDrill(DrillContext drill, StageSupport stage) throws Exception {
        drill.evidence().step("settings are valid", () -> {
            drill.settingsProblem().ifPresent(problem -> fail(problem.getMessage()));
            drill.evidence().table(new EvidenceTable("settings", List.of("setting", "value"),
                    drill.settings().all().entrySet().stream().map(e -> List.of(e.getKey().key(), e.getValue())).toList()));
        });
        DrillSettings settings = drill.settings();
        Path pgDump = tool(drill, "pg_dump");
        tool(drill, "pg_restore");
        Optional<Path> psql = settings.sourceFixture().equals("duckmesh") ? Optional.empty() : Optional.of(tool(drill, "psql"));
        ToolVersion dumpVersion = drill.tools().version(pgDump);
        drill.fact("pgDumpVersion", dumpVersion.text());
        FixtureLoader loader = new FixtureLoader(settings, drill.sessions(), drill.runner());
        DrillProfile profile = DrillProfile.read(loader.profileFile());

        if (drill.dryRun()) {
            stage.plan("start an embedded PostgreSQL " + dumpVersion.major() + " as the source and load the "
                    + loader.describe(), "EmbeddedPostgres.builder().start(); CREATE DATABASE ...");
            stage.plan("check the source's server version and that key tables exist", "SHOW server_version_num; "
                    + "-- key tables: " + profile.keyTables());
            return;
        }

        EmbeddedServer server = drill.evidence().step("start the embedded source PostgreSQL",
                () -> drill.own(EmbeddedServer.start("source", startupWait(settings))));
        SourceFixture fixture = drill.evidence().step("load the " + loader.describe(),
                () -> loader.load(server.endpoint("postgres"), psql));
        drill.source(fixture);

        List<TableInfo> tables = drill.evidence().step("connect read-only to " + fixture.endpoint(), () -> {
            try (Connection source = drill.sessions().openReadOnly(fixture.endpoint());
                 Statement statement = source.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT current_setting('server_version_num')::int, version()")) {
                rs.next();
                int serverMajor = rs.getInt(1) / 10000;
                drill.fact("sourceServerVersion", rs.getString(2));
                if (dumpVersion.major() < serverMajor) {
                    fail("pg_dump is older than the source server: pg_dump %d (%s) cannot dump PostgreSQL %d. "
                            + "Install postgresql-client-%d or point drill.pg.bin-dir at a newer pg_dump.",
                            dumpVersion.major(), dumpVersion.program(), serverMajor, serverMajor);
                }
                return new CatalogInventory(settings.schemas()).tables(source);
            }
        });
        stage.verify(new KeyTablesCheck().present(profile.keyTables(), tables.stream().map(TableInfo::table).toList()));
    }

    private static Path tool(DrillContext drill, String program) {
        return drill.evidence().step(program + " is installed", () -> drill.tools().locate(program).orElseGet(() -> fail(
                "%s not found in %s. Install the PostgreSQL client tools (apt-get install postgresql-client-15)"
                        + " or set drill.pg.bin-dir to the folder holding %s.", program, drill.tools().whereSearched(), program)));
    }

    static Duration startupWait(DrillSettings settings) {
        return settings.connectTimeout().compareTo(Duration.ofSeconds(60)) > 0 ? settings.connectTimeout() : Duration.ofSeconds(60);
    }
}
