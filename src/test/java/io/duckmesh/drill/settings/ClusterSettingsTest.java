package io.duckmesh.drill.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.duckmesh.drill.pipeline.DrillCluster;
import io.duckmesh.drill.postgres.JdbcUrl;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** drill.databases: each database's own settings, and the combinations refused before anything runs. */
class ClusterSettingsTest {

    @TempDir
    Path work;

    private Map<String, String> server(String databases) {
        Map<String, String> settings = new HashMap<>(Map.of("drill.target", "server",
                "drill.source.url", "jdbc:postgresql://catalog-db:5433/postgres?sslmode=require", "drill.source.user", "reader",
                "drill.restore.url", "jdbc:postgresql://verify-db:5432/postgres", "drill.restore.user", "verifier"));
        settings.put("drill.databases", databases);
        return settings;
    }

    @Test
    void eachDatabaseIsReachedByTheSourceUrlWithItsNameSwappedInAndEncoded() {
        assertThat(JdbcUrl.withDatabase("jdbc:postgresql://h:5/postgres?sslmode=require", "tenant a/b"))
                .isEqualTo("jdbc:postgresql://h:5/tenant%20a%2Fb?sslmode=require");
        assertThat(JdbcUrl.parse(JdbcUrl.withDatabase("jdbc:postgresql://h:5/postgres?sslmode=require", "tenant a/b")).database())
                .isEqualTo("tenant a/b");
        assertThat(JdbcUrl.withDatabase("jdbc:postgresql://h", "t")).isEqualTo("jdbc:postgresql://h/t");

        DrillSettings tenant = new SettingsLoader(server("tenant_*"), Map.of(), work).load().forDatabase("tenant_a");

        assertThat(tenant.sourceEndpoint().database()).isEqualTo("tenant_a");
        assertThat(tenant.sourceEndpoint().port()).isEqualTo(5433);
        assertThat(tenant.text(SettingKey.SOURCE_URL)).endsWith("?sslmode=require");
        assertThat(tenant.reportsDir()).isEqualTo(work.resolve("reports/databases/tenant_a"));
        assertThat(tenant.runReportsDir()).isEqualTo(work.resolve("reports"));
        assertThat(tenant.oneOfSeveral()).isTrue();
        assertThat(tenant.cluster()).as("one database of several drills that database alone").isFalse();
        assertThat(DrillSettings.safeFileName("../x y")).isEqualTo("_.._x_y");
    }

    @Test
    void aDatabaseTakesItsProfileFromTheProfilesFolderWhenItHasOneAndDrillProfileOtherwise() throws Exception {
        Path profiles = Files.createDirectories(work.resolve("profiles"));
        Files.writeString(profiles.resolve("tenant_a.properties"), "key-tables=public.t\n");
        Files.writeString(work.resolve("outside.properties"), "key-tables=public.t\n");
        Map<String, String> settings = server("tenant_a,tenant_b");
        settings.put("drill.cluster.profiles-dir", profiles.toString());
        settings.put("drill.profile", "fallback.properties");
        DrillSettings run = new SettingsLoader(settings, Map.of(), work).load();

        assertThat(run.forDatabase("tenant_a").profile()).contains(profiles.resolve("tenant_a.properties"));
        assertThat(run.forDatabase("tenant_b").profile()).contains(work.resolve("fallback.properties"));
        assertThat(run.forDatabase("../outside").profile()).as("a name reaching outside the folder").contains(work.resolve("fallback.properties"));
    }

    @Test
    void eachDatabaseRestoresOnlyItsOwnBackupFromTheBackupFolder() {
        Map<String, String> settings = server("tenant,tenant-a");
        settings.put("drill.backup.dir", work.toString());
        DrillSettings run = new SettingsLoader(settings, Map.of(), work).load();
        PathMatcher tenant = glob(run.forDatabase("tenant").backupPattern());

        assertThat(tenant.matches(Path.of("tenant-backup-20261203T111248Z-c35dfdbf.dump"))).as("make backup's name").isTrue();
        assertThat(tenant.matches(Path.of("tenant-20261203T111248Z-c35dfdbf.dump"))).as("the drill's own dump").isTrue();
        assertThat(tenant.matches(Path.of("tenant-a-backup-20261203T111248Z-c35dfdbf.dump"))).as("another database's").isFalse();

        settings.put("drill.backup.pattern", "nightly-{database}.dump");
        PathMatcher starred = glob(new SettingsLoader(settings, Map.of(), work).load().forDatabase("a*b").backupPattern());
        assertThat(starred.matches(Path.of("nightly-a*b.dump"))).isTrue();
        assertThat(starred.matches(Path.of("nightly-axxb.dump"))).as("a * in a database's name is not a wildcard").isFalse();
    }

    @Test
    void settingsThatCannotHoldSeveralDatabasesAreRefusedNamingBoth() {
        Map<String, String> file = server("a,b");
        file.put("drill.backup.file", work.resolve("one.dump").toString());
        Map<String, String> database = server("a,b");
        database.put("drill.restore.database", "drill_mine");
        Map<String, String> noSource = new HashMap<>(Map.of("drill.databases", "*"));
        Map<String, String> samePattern = server("a,b");
        samePattern.put("drill.backup.dir", work.toString());
        samePattern.put("drill.backup.pattern", "nightly-*.dump");

        assertThat(catchThrowableOfType(SettingsException.class, () -> new SettingsLoader(file, Map.of(), work).load()).problems())
                .anySatisfy(p -> assertThat(p).contains("drill.databases and drill.backup.file are both set", "drill.backup.dir"));
        assertThat(catchThrowableOfType(SettingsException.class, () -> new SettingsLoader(database, Map.of(), work).load()).problems())
                .anySatisfy(p -> assertThat(p).contains("drill.databases and drill.restore.database are both set"));
        assertThat(catchThrowableOfType(SettingsException.class, () -> new SettingsLoader(noSource, Map.of(), work).load()).problems())
                .anySatisfy(p -> assertThat(p).contains("drill.databases names databases of the server at drill.source.url, which is empty"));
        assertThat(catchThrowableOfType(SettingsException.class, () -> new SettingsLoader(samePattern, Map.of(), work).load()).problems())
                .anySatisfy(p -> assertThat(p).contains("drill.backup.pattern=nightly-*.dump is the same for every database",
                        "put {database} where the database's name goes"));
    }

    @Test
    void aClusterOnATargetThatDrillsItsOwnCatalogFailsPreflightNamingTheSetting() {
        Map<String, String> embedded = server("a,b");
        embedded.put("drill.target", "embedded");
        try (DrillCluster cluster = DrillCluster.of(new SettingsLoader(embedded, Map.of(), work).load(),
                new io.duckmesh.drill.evidence.ConsoleEvidence(System.out))) {
            assertThat(cluster.databases()).as("one drill, whose Preflight says why").hasSize(1);
            assertThat(cluster.drill(0).settingsProblem()).hasValueSatisfying(problem -> assertThat(problem.getMessage())
                    .contains("drill.databases=a,b", "drill.target=embedded", "set drill.target=server"));
        }
    }

    private static PathMatcher glob(String pattern) {
        return FileSystems.getDefault().getPathMatcher("glob:" + pattern);
    }
}
