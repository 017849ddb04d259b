package io.duckmesh.drill.pipeline;

import io.duckmesh.drill.fixture.FixtureLoader;
import io.duckmesh.drill.fixture.SourceFixture;
import io.duckmesh.drill.postgres.PgClient;
import io.duckmesh.drill.postgres.PgEndpoint;
import io.duckmesh.drill.postgres.ServerIdentity;
import io.duckmesh.drill.result.DrillFailure;
import io.duckmesh.drill.result.FailureCategory;
import io.duckmesh.drill.settings.DrillProfile;
import io.duckmesh.drill.settings.DrillSettings;
import io.duckmesh.drill.target.HostPgClient;
import io.duckmesh.drill.target.RestoreTarget;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Where a drill runs (drill.target): how Preflight reaches or loads the source and which client
 * programs dump and restore, where Restore creates the throwaway database, and what a dry-run says
 * about both. A new target is one new implementation.
 */
public sealed interface DrillTarget permits EmbeddedTarget, ContainerTarget, ServerTarget {

    static DrillTarget of(DrillSettings settings) {
        return switch (settings.target()) {
            case EMBEDDED -> new EmbeddedTarget();
            case CONTAINER -> new ContainerTarget();
            case SERVER -> new ServerTarget();
        };
    }

    /** Dry-run: what Preflight would do to reach the source and the restore server. */
    void plan(DrillContext drill, StageScope stage, FixtureLoader loader);

    /** Starts what the client programs need, and returns them. */
    PgClient client(DrillContext drill);

    /** The source catalog: loaded from the fixture, or reached where it is. */
    SourceFixture source(DrillContext drill, FixtureLoader loader, DrillProfile profile, PgClient client);

    /** With the source's identity known: anything to check or clean on the restore server before the drill uses it. */
    default void guard(DrillContext drill, PgEndpoint source, ServerIdentity sourceIdentity) throws Exception {
    }

    /** Where Restore creates the throwaway database. */
    RestoreTarget restoreTarget(DrillContext drill);

    /** Dry-run: the restore server as the plan names it (empty when it does not exist yet). */
    default String restoreServer(DrillContext drill) {
        return "";
    }

    /** The client programs on this machine, to show exact commands in a dry-run; empty where they run elsewhere. */
    default Optional<PgClient> hostClient(DrillContext drill) {
        DrillSettings settings = drill.settings();
        return Optional.of(new HostPgClient(drill.tools(), drill.runner(), settings.dumpTimeout(), settings.restoreTimeout(),
                settings.dumpOptions()));
    }

    /** How long a server the drill starts may take to accept connections. */
    static Duration startupWait(DrillSettings settings) {
        return settings.connectTimeout().compareTo(Duration.ofSeconds(60)) > 0 ? settings.connectTimeout() : Duration.ofSeconds(60);
    }

    /**
     * The upgrade rehearsal's rule: the restore server runs the source's major or a newer one. PostgreSQL
     * does not restore a dump into an older major reliably, and a rehearsal of a downgrade proves nothing.
     */
    static void restoreNotOlder(ServerIdentity source, int restoreMajor, String restoreServer) {
        int sourceMajor = source.serverVersionNum() / 10000;
        if (restoreMajor < sourceMajor) {
            throw DrillFailure.of(FailureCategory.CONFIGURATION, String.format("The restore server %s runs PostgreSQL %d, older than the"
                    + " source's PostgreSQL %d (server_version_num %d): a backup is restored into the same major or a newer one."
                    + " Restore into PostgreSQL %d or newer (drill.restore.postgres-major, or drill.restore.url on drill.target=server).",
                    restoreServer, restoreMajor, sourceMajor, source.serverVersionNum(), sourceMajor));
        }
    }

    /** Checks that {@code program} is installed, naming where it looked and what to install. */
    static Path tool(DrillContext drill, String program) {
        return drill.evidence().step(program + " is installed", () -> drill.tools().locate(program).orElseThrow(() ->
                DrillFailure.of(FailureCategory.CONFIGURATION, String.format("%s not found in %s. Install the PostgreSQL client tools"
                        + " (apt-get install postgresql-client-15) or set drill.pg.bin-dir to the folder holding %s.",
                        program, drill.tools().whereSearched(), program))));
    }
}
