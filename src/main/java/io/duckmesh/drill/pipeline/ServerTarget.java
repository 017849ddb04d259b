package io.duckmesh.drill.pipeline;

import io.duckmesh.drill.fixture.FixtureLoader;
import io.duckmesh.drill.fixture.MigrationSet;
import io.duckmesh.drill.fixture.SourceFixture;
import io.duckmesh.drill.postgres.PgClient;
import io.duckmesh.drill.postgres.PgEndpoint;
import io.duckmesh.drill.postgres.ServerIdentity;
import io.duckmesh.drill.result.DrillFailure;
import io.duckmesh.drill.result.FailureCategory;
import io.duckmesh.drill.result.EvidenceTable;
import io.duckmesh.drill.settings.DrillProfile;
import io.duckmesh.drill.settings.DrillSettings;
import io.duckmesh.drill.target.RestoreTarget;
import io.duckmesh.drill.target.ServerRestoreTarget;
import io.duckmesh.drill.target.ThrowawayDatabases;
import io.duckmesh.drill.target.ThrowawayDatabases.Throwaway;
import java.nio.file.Files;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * drill.target=server: the source at drill.source.url as it is, restored into a throwaway database on
 * the verification server at drill.restore.url, which must not be the source's own server.
 */
public final class ServerTarget implements DrillTarget {

    @Override
    public void plan(DrillContext drill, StageScope stage, FixtureLoader loader) {
        DrillSettings settings = drill.settings();
        DrillTarget.tool(drill, "pg_dump");
        DrillTarget.tool(drill, "pg_restore");
        stage.plan("connect read-only to the source " + settings.sourceEndpoint() + " and to the verification server "
                + settings.restoreEndpoint() + ", and compare their system identifiers",
                "SELECT system_identifier FROM pg_control_system()");
        stage.plan("list throwaway databases older than drill.stale-after=" + settings.staleAfter()
                + (settings.sweepStale() ? " and drop them" : ""), "SELECT datname FROM pg_database WHERE"
                + " shobj_description(oid, 'pg_database') LIKE 'duckmesh-restore-drill %'");
    }

    @Override
    public PgClient client(DrillContext drill) {
        DrillTarget.tool(drill, "pg_dump");
        DrillTarget.tool(drill, "pg_restore");
        return hostClient(drill).orElseThrow();
    }

    @Override
    public SourceFixture source(DrillContext drill, FixtureLoader loader, DrillProfile profile, PgClient client) {
        PgEndpoint endpoint = drill.settings().sourceEndpoint();
        Optional<MigrationSet> migrations = Files.isDirectory(loader.migrationsDir())
                ? Optional.of(MigrationSet.read(loader.migrationsDir())) : Optional.empty();
        return new SourceFixture(endpoint.database(), endpoint, profile, migrations, "source catalog " + endpoint);
    }

    /** The verification server is not the source's, and stale leftovers of killed drills are listed (and swept). */
    @Override
    public void guard(DrillContext drill, PgEndpoint source, ServerIdentity sourceIdentity) throws Exception {
        DrillSettings settings = drill.settings();
        PgEndpoint restore = settings.restoreEndpoint();
        try (Connection admin = drill.sessions().openWritable(restore)) {
            ServerIdentity restoreIdentity = ServerIdentity.of(admin);
            if (restoreIdentity.sameServer(sourceIdentity) && !settings.restoreSameServer()) {
                throw DrillFailure.of(FailureCategory.CONFIGURATION, ServerIdentity.sameServerRefusal(source, restore, sourceIdentity));
            }
            superuser(drill, admin, restore);
            int restoreMajor = restoreIdentity.serverVersionNum() / 10000;
            DrillTarget.restoreNotOlder(sourceIdentity, restoreMajor, restore.toString());
            if (settings.restorePostgresMajor().filter(major -> major != restoreMajor).isPresent()) {
                throw DrillFailure.of(FailureCategory.CONFIGURATION, String.format("drill.restore.postgres-major=%d, but the verification"
                        + " server %s runs PostgreSQL %d: on drill.target=server the drill restores into the verification server's own"
                        + " major. Point drill.restore.url at a PostgreSQL %d server, or leave drill.restore.postgres-major empty.",
                        settings.restorePostgresMajor().get(), restore, restoreMajor, settings.restorePostgresMajor().get()));
            }
            ThrowawayDatabases databases = new ThrowawayDatabases(admin,
                    database -> drill.sessions().openWritable(restore.withDatabase(database)));
            List<Throwaway> stale = databases.stale(settings.staleAfter(), Instant.now());
            drill.record(Figure.STALE_DATABASES, stale.stream().map(Throwaway::name).toList());
            drill.evidence().table(new EvidenceTable("stale throwaway databases", List.of("database", "run", "created"),
                    stale.stream().map(t -> List.of(t.name(), t.runId(), t.created().toString())).toList()));
            for (Throwaway leftover : stale) {
                if (settings.sweepStale()) {
                    databases.drop(leftover.name(), null);
                    drill.evidence().console("swept stale throwaway database " + leftover.name() + " (created " + leftover.created() + ")");
                } else {
                    drill.evidence().console("stale throwaway database " + leftover.name() + " (created " + leftover.created()
                            + ") on " + restore.host() + ":" + restore.port() + "; set drill.sweep-stale=true to drop it");
                }
            }
        }
    }

    /**
     * A dump can carry code that runs while it is restored (index and default expressions, functions they
     * call, triggers a restore fires), and it runs as the restoring role: as a superuser, whoever wrote
     * the backup gets the verification server. Warned, not refused: only a superuser can replay the
     * archive's owners and privileges (SchemaParity says when they are not proven).
     */
    private static void superuser(DrillContext drill, Connection admin, PgEndpoint restore) throws java.sql.SQLException {
        boolean superuser;
        try (java.sql.Statement statement = admin.createStatement();
             java.sql.ResultSet rs = statement.executeQuery("SELECT current_setting('is_superuser') = 'on'")) {
            rs.next();
            superuser = rs.getBoolean(1);
        }
        drill.record(Figure.RESTORE_USER_SUPERUSER, superuser);
        if (superuser) {
            drill.evidence().note("warning: drill.restore.user=" + restore.user() + " is a superuser on the verification server "
                    + restore.host() + ":" + restore.port() + ". Code a dump carries (index and default expressions, the functions"
                    + " they call, triggers the restore fires) runs as that role while it restores, so whoever can write a backup"
                    + " can act as a superuser there. Where the backups' origin is not fully trusted, restore as a role with"
                    + " CREATEDB that is not a superuser (SchemaParity then says the archive's owners and privileges are not proven).");
        }
    }

    @Override
    public RestoreTarget restoreTarget(DrillContext drill) {
        return new ServerRestoreTarget(drill.settings().restoreEndpoint(), drill.sessions(), drill.runId());
    }

    @Override
    public String restoreServer(DrillContext drill) {
        return drill.settings().restoreEndpoint().toString();
    }
}
