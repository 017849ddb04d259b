package io.duckmesh.drill.pipeline;

import io.duckmesh.drill.fixture.FixtureLoader;
import io.duckmesh.drill.fixture.SourceFixture;
import io.duckmesh.drill.postgres.PgClient;
import io.duckmesh.drill.postgres.PgTools.ToolVersion;
import io.duckmesh.drill.result.DrillFailure;
import io.duckmesh.drill.result.EvidenceTable;
import io.duckmesh.drill.result.FailureCategory;
import io.duckmesh.drill.settings.DrillProfile;
import io.duckmesh.drill.settings.DrillSettings;
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
        if (settings.globals()) {
            // psql restores the globals file on this machine (onto the restore server or a scratch one); pg_dumpall
            // writes it where pg_dump runs, which for the container target is inside the container.
            DrillTarget.tool(drill, "psql");
            if (target.hostClient(drill).isPresent() && !settings.restoresExistingBackup()) {
                DrillTarget.tool(drill, "pg_dumpall");
            }
        }
        ToolVersion dumpVersion = drill.evidence().step("pg_dump version (" + client.describe() + ")", client::pgDumpVersion);
        drill.record(Figure.PG_DUMP_VERSION, dumpVersion.text());
        SourceFixture source = target.source(drill, loader, profile, client);
        drill.prepared(new Prepared(target, client, dumpVersion, source, Optional.empty()));
        SourceChecks.run(drill, stage, source.endpoint(), dumpVersion, source.profile().keyTables(), identity -> {
            drill.record(Figure.SOURCE_IDENTITY, Map.of("systemIdentifier", Long.toString(identity.systemIdentifier()),
                    "database", identity.database(), "serverVersionNum", identity.serverVersionNum()));
            drill.record(Figure.SOURCE_SERVER_VERSION_NUM, identity.serverVersionNum());
            drill.prepared(drill.prepared().with(identity));
            target.guard(drill, source.endpoint(), identity);
        });
    }

    private static DrillFailure configuration(String format, Object... arguments) {
        return DrillFailure.of(FailureCategory.CONFIGURATION, String.format(format, arguments));
    }
}
