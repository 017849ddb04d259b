package io.duckmesh.drill.pipeline;

import io.duckmesh.drill.fixture.FixtureLoader;
import io.duckmesh.drill.fixture.SourceFixture;
import io.duckmesh.drill.postgres.EmbeddedServer;
import io.duckmesh.drill.postgres.PgClient;
import io.duckmesh.drill.settings.DrillProfile;
import io.duckmesh.drill.target.EmbeddedRestoreTarget;
import io.duckmesh.drill.target.RestoreTarget;

/** drill.target=embedded: an embedded source loaded from the fixture, a second embedded server to restore into. */
public final class EmbeddedTarget implements DrillTarget {

    @Override
    public void plan(DrillContext drill, StageScope stage, FixtureLoader loader) {
        DrillTarget.tool(drill, "pg_dump");
        DrillTarget.tool(drill, "pg_restore");
        stage.plan("start an embedded PostgreSQL as the source and load the " + loader.describe(),
                "EmbeddedPostgres.builder().start(); CREATE DATABASE ...");
    }

    /** pg_dump and pg_restore on this machine, and psql where a fixture other than duckmesh's is loaded from SQL files. */
    @Override
    public PgClient client(DrillContext drill) {
        DrillTarget.tool(drill, "pg_dump");
        DrillTarget.tool(drill, "pg_restore");
        if (!drill.settings().sourceFixture().equals("duckmesh")) {
            DrillTarget.tool(drill, "psql");
        }
        return hostClient(drill).orElseThrow();
    }

    @Override
    public SourceFixture source(DrillContext drill, FixtureLoader loader, DrillProfile profile, PgClient client) {
        EmbeddedServer server = drill.evidence().step("start the embedded source PostgreSQL",
                () -> drill.own(EmbeddedServer.start("source", DrillTarget.startupWait(drill.settings()))));
        return drill.evidence().step("load the " + loader.describe(), () -> loader.load(server.endpoint("postgres"), client));
    }

    @Override
    public RestoreTarget restoreTarget(DrillContext drill) {
        return new EmbeddedRestoreTarget(drill.sessions(), DrillTarget.startupWait(drill.settings()));
    }
}
