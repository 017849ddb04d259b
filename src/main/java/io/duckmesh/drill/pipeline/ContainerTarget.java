package io.duckmesh.drill.pipeline;

import io.duckmesh.drill.fixture.FixtureLoader;
import io.duckmesh.drill.fixture.SourceFixture;
import io.duckmesh.drill.postgres.PgClient;
import io.duckmesh.drill.result.DrillFailure;
import io.duckmesh.drill.result.FailureCategory;
import io.duckmesh.drill.settings.DrillProfile;
import io.duckmesh.drill.settings.DrillSettings;
import io.duckmesh.drill.target.ContainerPgClient;
import io.duckmesh.drill.target.ContainerRestoreTarget;
import io.duckmesh.drill.target.ContainerServer;
import io.duckmesh.drill.target.RestoreTarget;
import java.util.Optional;

/**
 * drill.target=container: one PostgreSQL container (Testcontainers) holds the source loaded from the
 * fixture and the throwaway database; pg_dump and pg_restore run inside it, so this machine needs none.
 */
public final class ContainerTarget implements DrillTarget {

    /** Started by {@link #client}, the first thing Preflight asks of this target. */
    private ContainerServer server;

    @Override
    public void plan(DrillContext drill, StageScope stage, FixtureLoader loader) {
        String image = drill.settings().containerImage();
        stage.plan("start the container " + image + " (Testcontainers) and load the " + loader.describe() + " into it",
                "docker run -e POSTGRES_USER=postgres -e POSTGRES_PASSWORD=**** " + image + " postgres -c fsync=off");
    }

    @Override
    public PgClient client(DrillContext drill) {
        DrillSettings settings = drill.settings();
        settings.restorePostgresMajor().ifPresent(major -> {
            throw DrillFailure.of(FailureCategory.CONFIGURATION, String.format("drill.restore.postgres-major=%d is for drill.target=embedded:"
                    + " the container target restores into the same container as the source (drill.container.image=%s). Rehearse the"
                    + " upgrade with drill.target=embedded, or with drill.target=server and a PostgreSQL %d verification server.",
                    major, settings.containerImage(), major));
        });
        server = drill.evidence().step("start the container " + settings.containerImage(), () -> drill.own(
                ContainerServer.start(settings.containerImage(), DrillTarget.startupWait(settings))));
        return new ContainerPgClient(server, settings.dumpTimeout(), settings.restoreTimeout(), settings.restoreJobs(),
                settings.dumpOptions().mode());
    }

    @Override
    public SourceFixture source(DrillContext drill, FixtureLoader loader, DrillProfile profile, PgClient client) {
        return drill.evidence().step("load the " + loader.describe() + " into the container",
                () -> loader.load(started().endpoint("postgres"), client));
    }

    @Override
    public RestoreTarget restoreTarget(DrillContext drill) {
        return new ContainerRestoreTarget(started(), drill.sessions(), drill.runId());
    }

    private ContainerServer started() {
        if (server == null) {
            throw new IllegalStateException("The container is not started: stage 00 Preflight did not complete");
        }
        return server;
    }

    @Override
    public Optional<PgClient> hostClient(DrillContext drill) {
        return Optional.empty();
    }
}
