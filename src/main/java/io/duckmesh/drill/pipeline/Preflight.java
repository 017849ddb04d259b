package io.duckmesh.drill.pipeline;

import io.duckmesh.drill.result.DrillFailure;
import io.duckmesh.drill.result.EvidenceTable;
import io.duckmesh.drill.result.CheckResult;
import io.duckmesh.drill.check.KeyTablesCheck;
import io.duckmesh.drill.check.SourceAccessCheck;
import io.duckmesh.drill.fixture.FixtureLoader;
import io.duckmesh.drill.fixture.SourceFixture;
import io.duckmesh.drill.inspect.CatalogInventory;
import io.duckmesh.drill.inspect.TableInfo;
import io.duckmesh.drill.postgres.PgClient;
import io.duckmesh.drill.postgres.PgTools.ToolVersion;
import io.duckmesh.drill.settings.DrillProfile;
import io.duckmesh.drill.settings.DrillSettings;
import io.duckmesh.drill.postgres.ServerIdentity;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * 00 Preflight: the settings are valid, the target is up (servers started, the source loaded or reached), the tools
 * are installed and new enough, the verification server is not the source's, and the source role can read every table.
 */
public final class Preflight implements StageStep {

    @Override
    public void run(DrillContext drill, StageScope stage) throws Exception {
        drill.evidence().step("settings are valid", () -> {
            if (drill.settingsProblem().isPresent()) {
                throw configuration("%s", drill.settingsProblem().get().getMessage());
            }
            drill.evidence().table(new EvidenceTable("settings", List.of("setting", "value"),
                    drill.settings().all().entrySet().stream().map(e -> List.of(e.getKey().key(), e.getValue())).toList()));
        });
        DrillSettings settings = drill.settings();
        DrillTarget target = DrillTarget.of(settings);
        FixtureLoader loader = new FixtureLoader(settings, drill.sessions());
        DrillProfile profile = DrillProfile.read(loader.profileFile());

        if (drill.dryRun()) {
            target.plan(drill, stage, loader);
            stage.plan("check the source's server version and that key tables exist", "SHOW server_version_num; "
                    + "-- key tables: " + profile.keyTables());
            return;
        }

        PgClient client = target.client(drill);
        ToolVersion dumpVersion = drill.evidence().step("pg_dump version (" + client.describe() + ")", client::pgDumpVersion);
        drill.fact("pgDumpVersion", dumpVersion.text());
        SourceFixture source = target.source(drill, loader, profile, client);
        drill.prepared(new Prepared(target, client, dumpVersion, source, Optional.empty()));
        List<TableInfo> tables = drill.evidence().step("connect read-only to " + source.endpoint(), () -> {
            try (Connection connection = drill.sessions().openReadOnly(source.endpoint())) {
                ServerIdentity identity = ServerIdentity.of(connection);
                drill.fact("sourceIdentity", Map.of("systemIdentifier", Long.toString(identity.systemIdentifier()),
                        "database", identity.database(), "serverVersionNum", identity.serverVersionNum()));
                drill.fact("sourceServerVersionNum", identity.serverVersionNum());
                drill.prepared(drill.prepared().with(identity));
                int serverMajor = identity.serverVersionNum() / 10000;
                if (dumpVersion.major() < serverMajor) {
                    throw configuration("pg_dump is older than the source server: pg_dump %d (%s) cannot dump PostgreSQL %d. "
                            + "Install postgresql-client-%d or point drill.pg.bin-dir at a newer pg_dump.",
                            dumpVersion.major(), dumpVersion.program(), serverMajor, serverMajor);
                }
                target.guard(drill, source.endpoint(), identity);
                return new CatalogInventory(settings.schemas()).tables(connection);
            }
        });
        CheckResult access = drill.evidence().step("the source role can read every table", () -> {
            try (Connection connection = drill.sessions().openReadOnly(source.endpoint())) {
                return new SourceAccessCheck().check(connection, source.endpoint().user(), tables);
            }
        });
        stage.verify(List.of(access,
                new KeyTablesCheck().present(source.profile().keyTables(), tables.stream().map(TableInfo::table).toList())));
    }

    private static DrillFailure configuration(String format, Object... arguments) {
        return new DrillFailure.Configuration(String.format(format, arguments));
    }
}
