package io.duckmesh.drill.stages;

import io.duckmesh.drill.DrillContext;
import io.duckmesh.drill.evidence.DrillFailure;
import io.duckmesh.drill.check.EvidenceTable;
import io.duckmesh.drill.check.CheckResult;
import io.duckmesh.drill.check.KeyTablesCheck;
import io.duckmesh.drill.check.SourceAccessCheck;
import io.duckmesh.drill.fixture.FixtureLoader;
import io.duckmesh.drill.fixture.MigrationSet;
import io.duckmesh.drill.fixture.SourceFixture;
import io.duckmesh.drill.inspect.CatalogInventory;
import io.duckmesh.drill.inspect.TableInfo;
import io.duckmesh.drill.postgres.EmbeddedServer;
import io.duckmesh.drill.postgres.HostPgClient;
import io.duckmesh.drill.postgres.PgClient;
import io.duckmesh.drill.postgres.PgEndpoint;
import io.duckmesh.drill.postgres.PgTools.ToolVersion;
import io.duckmesh.drill.settings.DrillProfile;
import io.duckmesh.drill.settings.DrillSettings;
import io.duckmesh.drill.target.ContainerPgClient;
import io.duckmesh.drill.target.ContainerServer;
import io.duckmesh.drill.target.ServerIdentity;
import io.duckmesh.drill.target.ThrowawayDatabases;
import io.duckmesh.drill.target.ThrowawayDatabases.Throwaway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

@DrillStage
@Order(0)
@DisplayName("00 Preflight")
class PreflightIT {

    @Test
    void sourceIsReadyToDrill(DrillContext drill, StageSupport stage) throws Exception {
        drill.evidence().step("settings are valid", () -> {
            if (drill.settingsProblem().isPresent()) {
                throw configuration("%s", drill.settingsProblem().get().getMessage());
            }
            drill.evidence().table(new EvidenceTable("settings", List.of("setting", "value"),
                    drill.settings().all().entrySet().stream().map(e -> List.of(e.getKey().key(), e.getValue())).toList()));
        });
        DrillSettings settings = drill.settings();
        String target = settings.target();
        FixtureLoader loader = new FixtureLoader(settings, drill.sessions());
        DrillProfile profile = DrillProfile.read(loader.profileFile());

        if (drill.dryRun()) {
            plan(drill, stage, loader, profile);
            return;
        }

        Optional<ContainerServer> container = target.equals("container")
                ? Optional.of(drill.evidence().step("start the container " + settings.containerImage(), () -> drill.own(
                        ContainerServer.start(settings.containerImage(), startupWait(settings)))))
                : Optional.empty();
        container.ifPresent(drill::containerServer);
        PgClient client = container.<PgClient>map(server -> new ContainerPgClient(server, settings.dumpTimeout(), settings.restoreTimeout(),
                settings.restoreJobs()))
                .orElseGet(() -> hostClient(drill));
        drill.client(client);
        ToolVersion dumpVersion = drill.evidence().step("pg_dump version (" + client.describe() + ")", client::pgDumpVersion);
        drill.fact("pgDumpVersion", dumpVersion.text());

        SourceFixture source = switch (target) {
            case "server" -> serverSource(drill, loader, profile);
            case "container" -> drill.evidence().step("load the " + loader.describe() + " into the container",
                    () -> loader.load(container.orElseThrow().endpoint("postgres"), client));
            default -> embeddedSource(drill, loader, client);
        };
        drill.source(source);
        List<TableInfo> tables = drill.evidence().step("connect read-only to " + source.endpoint(), () -> {
            try (Connection connection = drill.sessions().openReadOnly(source.endpoint())) {
                ServerIdentity identity = ServerIdentity.of(connection);
                drill.fact("sourceIdentity", Map.of("systemIdentifier", Long.toString(identity.systemIdentifier()),
                        "database", identity.database(), "serverVersionNum", identity.serverVersionNum()));
                drill.fact("sourceServerVersionNum", identity.serverVersionNum());
                int serverMajor = identity.serverVersionNum() / 10000;
                if (dumpVersion.major() < serverMajor) {
                    throw configuration("pg_dump is older than the source server: pg_dump %d (%s) cannot dump PostgreSQL %d. "
                            + "Install postgresql-client-%d or point drill.pg.bin-dir at a newer pg_dump.",
                            dumpVersion.major(), dumpVersion.program(), serverMajor, serverMajor);
                }
                if (target.equals("server")) {
                    guardRestoreServer(drill, source.endpoint(), identity);
                }
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

    private static SourceFixture embeddedSource(DrillContext drill, FixtureLoader loader, PgClient client) {
        EmbeddedServer server = drill.evidence().step("start the embedded source PostgreSQL",
                () -> drill.own(EmbeddedServer.start("source", startupWait(drill.settings()))));
        return drill.evidence().step("load the " + loader.describe(), () -> loader.load(server.endpoint("postgres"), client));
    }

    /** The client programs on this machine: pg_dump and pg_restore always, psql for the samples. */
    private static PgClient hostClient(DrillContext drill) {
        DrillSettings settings = drill.settings();
        tool(drill, "pg_dump");
        tool(drill, "pg_restore");
        if (settings.target().equals("embedded") && !settings.sourceFixture().equals("duckmesh")) {
            tool(drill, "psql");
        }
        return new HostPgClient(drill.tools(), drill.runner(), settings.dumpTimeout(), settings.restoreTimeout(),
                settings.dumpOptions());
    }

    private static void plan(DrillContext drill, StageSupport stage, FixtureLoader loader, DrillProfile profile) {
        DrillSettings settings = drill.settings();
        switch (settings.target()) {
            case "server" -> {
                tool(drill, "pg_dump");
                tool(drill, "pg_restore");
                stage.plan("connect read-only to the source " + settings.sourceEndpoint() + " and to the verification server "
                        + settings.restoreEndpoint() + ", and compare their system identifiers",
                        "SELECT system_identifier FROM pg_control_system()");
                stage.plan("list throwaway databases older than drill.stale-after=" + settings.staleAfter()
                        + (settings.sweepStale() ? " and drop them" : ""), "SELECT datname FROM pg_database WHERE"
                        + " shobj_description(oid, 'pg_database') LIKE 'duckmesh-restore-drill %'");
            }
            case "container" -> stage.plan("start the container " + settings.containerImage() + " (Testcontainers) and load the "
                    + loader.describe() + " into it", "docker run -e POSTGRES_USER=postgres -e POSTGRES_PASSWORD=**** "
                    + settings.containerImage() + " postgres -c fsync=off");
            default -> {
                tool(drill, "pg_dump");
                tool(drill, "pg_restore");
                stage.plan("start an embedded PostgreSQL as the source and load the " + loader.describe(),
                        "EmbeddedPostgres.builder().start(); CREATE DATABASE ...");
            }
        }
        stage.plan("check the source's server version and that key tables exist", "SHOW server_version_num; "
                + "-- key tables: " + profile.keyTables());
    }

    private static SourceFixture serverSource(DrillContext drill, FixtureLoader loader, DrillProfile profile) {
        PgEndpoint endpoint = drill.settings().sourceEndpoint();
        Optional<MigrationSet> migrations = Files.isDirectory(loader.migrationsDir())
                ? Optional.of(MigrationSet.read(loader.migrationsDir())) : Optional.empty();
        return new SourceFixture(endpoint.database(), endpoint, profile, migrations, "source catalog " + endpoint);
    }

    /** The verification server is not the source's, and stale leftovers of killed drills are listed (and swept). */
    private static void guardRestoreServer(DrillContext drill, PgEndpoint source, ServerIdentity sourceIdentity) throws Exception {
        DrillSettings settings = drill.settings();
        PgEndpoint restore = settings.restoreEndpoint();
        try (Connection admin = drill.sessions().openWritable(restore)) {
            ServerIdentity restoreIdentity = ServerIdentity.of(admin);
            if (restoreIdentity.sameServer(sourceIdentity) && !settings.restoreSameServer()) {
                throw configuration("%s", ServerIdentity.sameServerRefusal(source, restore, sourceIdentity));
            }
            ThrowawayDatabases databases = new ThrowawayDatabases(admin,
                    database -> drill.sessions().openWritable(restore.withDatabase(database)));
            List<Throwaway> stale = databases.stale(settings.staleAfter(), Instant.now());
            drill.fact("staleDatabases", stale.stream().map(Throwaway::name).toList());
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

    private static Path tool(DrillContext drill, String program) {
        return drill.evidence().step(program + " is installed", () -> drill.tools().locate(program).orElseThrow(() -> configuration(
                "%s not found in %s. Install the PostgreSQL client tools (apt-get install postgresql-client-15)"
                        + " or set drill.pg.bin-dir to the folder holding %s.", program, drill.tools().whereSearched(), program)));
    }

    private static DrillFailure configuration(String format, Object... arguments) {
        return new DrillFailure.Configuration(String.format(format, arguments));
    }

    static Duration startupWait(DrillSettings settings) {
        return settings.connectTimeout().compareTo(Duration.ofSeconds(60)) > 0 ? settings.connectTimeout() : Duration.ofSeconds(60);
    }
}
