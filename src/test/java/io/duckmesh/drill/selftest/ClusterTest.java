package io.duckmesh.drill.selftest;

import static io.duckmesh.drill.selftest.DrillOutcome.assertThatDrill;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.duckmesh.drill.BackupCommand;
import io.duckmesh.drill.backup.Manifest;
import io.duckmesh.drill.fixture.FixtureLoader;
import io.duckmesh.drill.postgres.CommandRunner;
import io.duckmesh.drill.target.HostPgClient;
import io.duckmesh.drill.postgres.PgSessions;
import io.duckmesh.drill.postgres.PgTools;
import io.duckmesh.drill.result.Finding.Code;
import io.duckmesh.drill.settings.SettingsLoader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * drill.databases: a source server holding the duckmesh fixture and the five real-world catalogs as six
 * databases, with roles, a membership and role and database settings of their own, drilled as one run
 * between the two Debian servers. Clean, two at a time, every database passes every stage with the globals compared; one
 * database's fault fails that database and the cluster's verdict while the others are still drilled and
 * pass; a backup folder whose globals lost a role, a membership and a role setting, whose dump of one
 * database lost its ALTER DATABASE ... SET, and that lost one database's dump, fails those three
 * databases, each naming what it lost.
 */
@EnabledWithDebianServers
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterTest {

    private static final List<String> CATALOGS = List.of("duckmesh", "chinook", "northwind", "pagila", "postgrest", "kitchensink");
    private static final List<String> DATABASES = CATALOGS.stream().map(catalog -> "cluster_" + catalog).toList();

    @TempDir
    Path work;

    private final DebianServers servers = new DebianServers();
    private Path profiles;

    @BeforeAll
    void loadTheCluster(@TempDir Path profilesDir) throws Exception {
        dropAll();
        for (String fixture : List.of("duckmesh", "chinook", "northwind", "pagila")) {
            servers.drop(fixture);
            new FixtureLoader(new SettingsLoader(Map.of("drill.source.fixture", fixture, "drill.fixture.rows", "5000",
                    "drill.realworld.dir", DebianServers.realworld().toAbsolutePath().toString()), Map.of(), Path.of("").toAbsolutePath()).load(),
                    new PgSessions(Duration.ofSeconds(10), Duration.ofMinutes(5)))
                    .load(servers.sourceAdmin(), new HostPgClient(new PgTools(Optional.empty(), System.getenv("PATH"), new CommandRunner()),
                            new CommandRunner(), Duration.ofMinutes(5), Duration.ofMinutes(5), io.duckmesh.drill.backup.DumpOptions.DEFAULT));
            servers.execute("postgres", "ALTER DATABASE \"" + fixture + "\" RENAME TO \"cluster_" + fixture + "\"");
        }
        Path postgrest = DebianServers.realworld().resolve("postgrest");
        servers.recreate("cluster_postgrest", Optional.empty());
        servers.psql("cluster_postgrest", postgrest, List.of("DBNAME=cluster_postgrest", "PGUSER=postgres"),
                List.of("database.sql", "roles.sql", "schema.sql", "jwt.sql", "jsonschema.sql", "privileges.sql", "data.sql"));
        servers.psql("cluster_postgrest", postgrest, List.of(), List.of("drop-recursive-view.sql"));
        servers.recreate("cluster_kitchensink", Optional.empty());
        servers.psql("cluster_kitchensink", DebianServers.realworld().resolve("kitchensink"), List.of(),
                List.of("00-roles.sql", "00-extensions.sql", "kitchen-sink-schema.sql", "kitchen-sink-permissions.sql", "kitchen-sink-data.sql"));
        servers.execute("postgres", """
                DO $$ BEGIN CREATE ROLE cluster_owner NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
                DO $$ BEGIN CREATE ROLE cluster_reader LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
                DO $$ BEGIN CREATE ROLE cluster_spare NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
                GRANT cluster_owner TO cluster_reader;
                ALTER ROLE cluster_reader SET work_mem = '16MB';
                ALTER DATABASE cluster_northwind SET work_mem = '8MB'""");
        servers.execute("cluster_chinook", "ALTER TABLE public.artist OWNER TO cluster_owner");
        profiles = profilesDir;
        for (String catalog : CATALOGS.subList(1, CATALOGS.size())) {
            String profile = Files.readString(Path.of("fixtures/realworld/" + catalog + ".properties"))
                    .replaceAll("(?m)^invariants-dir=(.+)$", "invariants-dir=" + Path.of("fixtures/realworld").toAbsolutePath().toString()
                            .replace("\\", "\\\\") + "/$1");
            Files.writeString(profiles.resolve("cluster_" + catalog + ".properties"), profile);
        }
    }

    @AfterAll
    void dropAll() throws Exception {
        for (String database : DATABASES) {
            servers.drop(database);
        }
        servers.execute("postgres", "DROP ROLE IF EXISTS cluster_reader; DROP ROLE IF EXISTS cluster_spare; DROP ROLE IF EXISTS cluster_owner");
    }

    private DrillRun cluster(Path folder, String databases) {
        return servers.drill(folder, "postgres", profiles.resolve("none.properties")).with("drill.profile", "")
                .with("drill.databases", databases).with("drill.cluster.profiles-dir", profiles.toString());
    }

    /** Each database by its own verdict: every stage passed, MigrationParity skipped where its profile declares no history. */
    private static void passed(DrillOutcome outcome, String database) throws Exception {
        if (database.equals("cluster_duckmesh")) {
            assertThatDrill(outcome.database(database)).passedEveryStage();
        } else {
            assertThatDrill(outcome.database(database)).passedEveryStageBut("MigrationParity", "declares no migrations-table");
        }
    }

    /** Two at a time: the other tests drill one at a time (the default). */
    @Test
    void aSixDatabaseClusterWithItsGlobalsPassesTwoAtATimeWithEachDatabaseReportedApart() throws Exception {
        int parallel = 2;
        long started = System.nanoTime();
        DrillOutcome outcome = cluster(work.resolve("clean"), "cluster_*").with("drill.globals", "true")
                .with("drill.cluster.parallel-databases", Integer.toString(parallel)).run();
        double seconds = (System.nanoTime() - started) / 1e9;

        for (String database : DATABASES) {
            passed(outcome, database);
            assertThat(outcome.database(database).summary().path("source").asText()).contains("/" + database);
        }
        JsonNode run = outcome.runSummary();
        assertThat(run.path("exitCode").asInt(-1)).as("the cluster's exit code").isZero();
        run.path("databases").forEach(d -> assertThat(d.path("restoreFindings").asInt(-1)).as("restore findings of %s", d.path("database"))
                .isZero());
        assertThat(run.path("kind").asText()).isEqualTo("cluster");
        List<String> drilled = new ArrayList<>();
        run.path("databases").forEach(d -> drilled.add(d.path("database").asText()));
        assertThat(drilled).as("databases matched by cluster_*, in name order").isEqualTo(DATABASES.stream().sorted().toList());
        try (Stream<Path> metrics = Files.list(work.resolve("clean/reports/metrics"))) {
            assertThat(metrics.map(f -> f.getFileName().toString()))
                    .containsExactlyInAnyOrderElementsOf(DATABASES.stream().map(d -> "restore_drill_" + d + ".prom").toList());
        }
        assertThat(Files.readString(work.resolve("clean/reports/metrics/restore_drill_cluster_pagila.prom")))
                .contains("source_database=\"cluster_pagila\"");
        System.out.printf("cluster of %d databases, parallel-databases %d: %.1f s; per database: %s%n", DATABASES.size(), parallel, seconds,
                durations(run));
    }

    @Test
    void oneDatabasesFaultFailsItAndTheClusterWhileTheOthersAreStillDrilledAndAMissingDatabaseFailsNamed() throws Exception {
        String named = "cluster_chinook,cluster_northwind,cluster_gone";
        long started = System.nanoTime();
        DrillOutcome outcome = cluster(work.resolve("fault"), named)
                .with(SqlFaults.Point.RESTORED.parameter() + "@cluster_chinook", "DELETE FROM playlist_track WHERE track_id = 1").run();
        double seconds = (System.nanoTime() - started) / 1e9;

        assertThatDrill(outcome.database("cluster_chinook")).failedOnlyAt("RowCountParity", "public.playlist_track: row count differs")
                .withFinding("RowCountParity", Code.ROW_COUNT_DIFFERS, "public.playlist_track");
        passed(outcome, "cluster_northwind");
        assertThatDrill(outcome.database("cluster_gone")).failedOnlyAt("Preflight", "cluster_gone");
        JsonNode run = outcome.runSummary();
        assertThat(run.path("exitCode").asInt(-1)).as("the cluster's exit code: a bad restore wins over a database not reached").isEqualTo(1);
        List<String> failed = new ArrayList<>();
        run.path("failed").forEach(d -> failed.add(d.asText()));
        assertThat(failed).containsExactly("cluster_chinook", "cluster_gone");
        System.out.printf("3 databases, parallel-databases 1: %.1f s; per database: %s%n", seconds, durations(run));
    }

    @Test
    void aPatternThatMatchesNoDatabaseFailsPreflightNamingTheDatabasesThereAre() throws Exception {
        DrillOutcome outcome = cluster(work.resolve("nomatch"), "cluster_nomatch_*").run();

        assertThatDrill(outcome).failedOnlyAt("Preflight", "drill.databases: the pattern 'cluster_nomatch_*' matches no database",
                "cluster_chinook", "Fix the pattern, or name the databases");
    }

    @Test
    void aBackupFolderWhoseGlobalsLostARoleAMembershipAndARoleSettingThatLostADatabaseSettingAndADumpFailsThoseDatabasesNamed() throws Exception {
        Path backups = work.resolve("backups");
        String databases = "cluster_duckmesh,cluster_chinook,cluster_pagila,cluster_northwind";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = new BackupCommand(new PrintStream(out, true, StandardCharsets.UTF_8)).run(Map.of(
                "drill.source.url", servers.sourceUrl("postgres"), "drill.source.user", "postgres",
                "drill.dump.dir", backups.toString(), "drill.globals", "true", "drill.databases", databases,
                "drill.cluster.profiles-dir", profiles.toString()), Map.of(), Path.of("").toAbsolutePath());
        assertThat(exit).as("make backup of %s: %s", databases, out).isZero();
        Map<String, Path> dumps = dumps(backups);
        assertThat(dumps).as("a dump per database in %s", backups).containsOnlyKeys("cluster_duckmesh", "cluster_chinook", "cluster_pagila",
                "cluster_northwind");

        Path pagila = dumps.get("cluster_pagila");
        Path globals = Manifest.globalsFileFor(pagila);
        List<String> kept = Files.readAllLines(globals).stream().filter(line -> !line.contains("cluster_spare")
                && !line.startsWith("GRANT cluster_owner TO cluster_reader") && !line.startsWith("ALTER ROLE cluster_reader SET")).toList();
        assertThat(kept).as("lines removed from %s", globals).hasSizeLessThan(Files.readAllLines(globals).size() - 2);
        Files.write(globals, kept);
        ServerGlobalsTest.rewriteDigest(pagila);
        Files.delete(dumps.get("cluster_chinook"));
        // Northwind's dump replaced by one of a copy that lost its ALTER DATABASE ... SET (a copy from a template has none),
        // beside the source's manifest with the new dump's digest, as a faulty backup tool would leave it.
        Path northwind = dumps.get("cluster_northwind");
        servers.recreate("cluster_northwind_lost", Optional.of("cluster_northwind"));
        try {
            servers.dump("cluster_northwind_lost", northwind);
        } finally {
            servers.drop("cluster_northwind_lost");
        }
        ObjectMapper json = new ObjectMapper();
        ObjectNode manifest = (ObjectNode) json.readTree(Manifest.fileFor(northwind).toFile());
        ((ObjectNode) manifest.path("dump")).set("files", json.valueToTree(io.duckmesh.drill.backup.DumpFile.of(northwind)));
        json.writeValue(Manifest.fileFor(northwind).toFile(), manifest);

        DrillOutcome outcome = cluster(work.resolve("existing"), databases).with("drill.globals", "true")
                .with("drill.backup.dir", backups.toString()).run();

        passed(outcome, "cluster_duckmesh");
        assertThatDrill(outcome.database("cluster_pagila")).failedOnlyAt("SchemaParity", "globals parity", "missing from the restored globals")
                .withFinding("SchemaParity", Code.GLOBAL_MISSING, "role cluster_spare")
                .withFinding("SchemaParity", Code.GLOBAL_MISSING, "role membership cluster_reader in cluster_owner");
        assertThat(outcome.database("cluster_pagila").summary().toString()).contains("work_mem");
        assertThatDrill(outcome.database("cluster_chinook")).failedOnlyAt("Backup", "No dump in drill.backup.dir", "cluster_chinook");
        assertThatDrill(outcome.database("cluster_northwind")).failedOnlyAt("SchemaParity", "database setting the database: missing from the archive",
                "-> manifest: work_mem=8MB");
        assertThat(outcome.runSummary().path("exitCode").asInt(-1)).isEqualTo(1);
        List<String> failed = new ArrayList<>();
        outcome.runSummary().path("failed").forEach(d -> failed.add(d.asText()));
        assertThat(failed).containsExactly("cluster_chinook", "cluster_pagila", "cluster_northwind");
    }

    /** Each database's dump in {@code folder} (the names make backup writes: &lt;database&gt;-backup-&lt;run&gt;.dump). */
    private static Map<String, Path> dumps(Path folder) throws Exception {
        Map<String, Path> dumps = new HashMap<>();
        try (Stream<Path> files = Files.list(folder)) {
            files.filter(f -> f.getFileName().toString().endsWith(".dump"))
                    .forEach(f -> dumps.put(f.getFileName().toString().replaceFirst("-backup-.*$", ""), f));
        }
        return dumps;
    }

    private static String durations(JsonNode run) {
        List<String> each = new ArrayList<>();
        run.path("databases").forEach(d -> each.add(String.format("%s %.1f s", d.path("database").asText(), d.path("durationMs").asLong() / 1000.0)));
        return String.join(", ", each);
    }
}
