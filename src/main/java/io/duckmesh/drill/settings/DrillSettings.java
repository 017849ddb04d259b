package io.duckmesh.drill.settings;

import io.duckmesh.drill.backup.DumpOptions;
import io.duckmesh.drill.integrity.IntegrityApiSettings;
import io.duckmesh.drill.postgres.JdbcUrl;
import io.duckmesh.drill.postgres.PgEndpoint;
import io.duckmesh.drill.postgres.Secret;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** The validated settings of one drill. Built only by {@link SettingsLoader}, so every value here is valid. */
public final class DrillSettings {

    private final Map<SettingKey, String> values;
    private final Map<SettingKey, Secret> secrets;
    private final Path workingDir;
    private final Optional<Path> clusterReports;

    DrillSettings(Map<SettingKey, String> values, Map<SettingKey, Secret> secrets, Path workingDir) {
        this(values, secrets, workingDir, Optional.empty());
    }

    private DrillSettings(Map<SettingKey, String> values, Map<SettingKey, Secret> secrets, Path workingDir, Optional<Path> clusterReports) {
        this.values = Map.copyOf(values);
        this.secrets = Map.copyOf(secrets);
        this.workingDir = workingDir;
        this.clusterReports = clusterReports;
    }

    public String text(SettingKey key) {
        return values.get(key);
    }

    public Target target() {
        return Target.of(text(SettingKey.TARGET));
    }

    public String sourceFixture() {
        return text(SettingKey.SOURCE_FIXTURE);
    }

    public long fixtureRows() {
        return Long.parseLong(text(SettingKey.FIXTURE_ROWS));
    }

    /** The source catalog of drill.target=server, with its credentials. */
    public PgEndpoint sourceEndpoint() {
        return endpoint(SettingKey.SOURCE_URL, SettingKey.SOURCE_USER, SettingKey.SOURCE_PASSWORD);
    }

    /** The existing database on the verification server that the drill connects to first. */
    public PgEndpoint restoreEndpoint() {
        return endpoint(SettingKey.RESTORE_URL, SettingKey.RESTORE_USER, SettingKey.RESTORE_PASSWORD);
    }

    /** The database drill.history.url names, with its credentials, or empty. */
    public Optional<PgEndpoint> historyEndpoint() {
        return text(SettingKey.HISTORY_URL).isEmpty() ? Optional.empty()
                : Optional.of(endpoint(SettingKey.HISTORY_URL, SettingKey.HISTORY_USER, SettingKey.HISTORY_PASSWORD));
    }

    public String containerImage() {
        return text(SettingKey.CONTAINER_IMAGE);
    }

    public boolean restoreSameServer() {
        return Boolean.parseBoolean(text(SettingKey.RESTORE_SAME_SERVER));
    }

    public Duration staleAfter() {
        return duration(SettingKey.STALE_AFTER);
    }

    public boolean sweepStale() {
        return Boolean.parseBoolean(text(SettingKey.SWEEP_STALE));
    }

    private PgEndpoint endpoint(SettingKey url, SettingKey user, SettingKey password) {
        Optional<String> role = text(user).isEmpty() ? Optional.empty() : Optional.of(text(user));
        return JdbcUrl.parse(text(url)).endpoint(role, Optional.ofNullable(secrets.get(password)));
    }

    public Path fixturesDir() {
        return path(SettingKey.FIXTURES_DIR);
    }

    public Path realworldDir() {
        return path(SettingKey.REALWORLD_DIR);
    }

    /** The profile to use, or empty to use the fixture's own. */
    public Optional<Path> profile() {
        return optionalPath(SettingKey.PROFILE);
    }

    /** Schemas to drill; empty means every non-system schema. */
    public List<String> schemas() {
        return Arrays.stream(text(SettingKey.SCHEMAS).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    public Optional<String> expectedMigrationVersion() {
        String text = text(SettingKey.MIGRATIONS_EXPECTED_VERSION).strip();
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    public io.duckmesh.drill.inspect.MigrationFormat migrationFormat() {
        return io.duckmesh.drill.inspect.MigrationFormat.of(text(SettingKey.MIGRATIONS_FORMAT));
    }

    /**
     * The migrations folder versions are checked against: drill.migrations.dir, else the fixture's own
     * when the drill loads the duckmesh fixture itself; never the fixture's for another catalog.
     */
    public Optional<Path> migrationsDir() {
        if (!text(SettingKey.MIGRATIONS_DIR).isBlank()) {
            return Optional.of(path(SettingKey.MIGRATIONS_DIR));
        }
        boolean loadsTheFixture = target().loadsFixture() && sourceFixture().equals("duckmesh");
        return loadsTheFixture ? Optional.of(fixturesDir().resolve("catalog/migrations")) : Optional.empty();
    }

    public int contentMaxDiffRows() {
        return (int) Math.min(Integer.MAX_VALUE, Long.parseLong(text(SettingKey.CONTENT_MAX_DIFF_ROWS)));
    }

    public long contentSegmentRows() {
        return Long.parseLong(text(SettingKey.CONTENT_SEGMENT_ROWS));
    }

    /** drill.parallelism, or the core count when empty or 0. */
    public int parallelism() {
        String text = text(SettingKey.PARALLELISM);
        long value = text.isEmpty() ? 0 : Long.parseLong(text);
        return value <= 0 ? Runtime.getRuntime().availableProcessors() : (int) Math.min(64, value);
    }

    /** drill.restore.allow-superuser: on a restore server the drill owns, pg_restore runs as the superuser, with owners. */
    public boolean restoreAllowsSuperuser() {
        return Boolean.parseBoolean(text(SettingKey.RESTORE_ALLOW_SUPERUSER));
    }

    public boolean checksumDuringRestore() {
        return Boolean.parseBoolean(text(SettingKey.RESTORE_CHECKSUM_DURING));
    }

    public boolean amcheckHeapAllIndexed() {
        return Boolean.parseBoolean(text(SettingKey.AMCHECK_HEAPALLINDEXED));
    }

    /** drill.source.snapshot-hold=until-backup: the exported snapshot is released as soon as Backup is done. */
    public boolean releaseSnapshotAfterBackup() {
        return text(SettingKey.SOURCE_SNAPSHOT_HOLD).equals("until-backup");
    }

    /** drill.source-findings=fail: a problem the source has too fails its stage like a restore's. */
    public boolean sourceFindingsFail() {
        return text(SettingKey.SOURCE_FINDINGS).equals("fail");
    }

    public boolean liveSourceParity() {
        return Boolean.parseBoolean(text(SettingKey.PARITY_LIVE_SOURCE));
    }

    /** On the server target, owners and privileges are proven from the archive instead (unless drill.schema.ignore-ownership). */
    public boolean provesOwnershipFromTheArchive() {
        return !Boolean.parseBoolean(text(SettingKey.SCHEMA_IGNORE_OWNERSHIP)) && !target().ownsRestoreServer();
    }

    /**
     * Whether owners and privileges are restored and compared: on the servers the drill owns
     * (embedded, container), where it may create the source's roles, unless drill.schema.ignore-ownership.
     */
    /** drill.backup.signing-secret (or its file): the PEM private key manifests are signed with, if any. */
    public Optional<Secret> signingKey() {
        return Optional.ofNullable(secrets.get(SettingKey.BACKUP_SIGNING_SECRET));
    }

    /**
     * drill.backup.public-key: each public key a manifest may be signed with, as given: the path of an existing
     * file (resolved against the working folder), else the text itself (base64).
     */
    public List<String> publicKeys() {
        return Arrays.stream(text(SettingKey.BACKUP_PUBLIC_KEY).split(",")).map(String::strip).filter(k -> !k.isEmpty())
                .map(k -> java.nio.file.Files.isRegularFile(workingDir.resolve(k)) ? workingDir.resolve(k).toString() : k).toList();
    }

    /** drill.evidence.values: show, hash or hide the values of differing rows. */
    public String evidenceValues() {
        return text(SettingKey.EVIDENCE_VALUES);
    }

    /** drill.globals: the cluster's globals are backed up and drilled. */
    public boolean globals() {
        return Boolean.parseBoolean(text(SettingKey.GLOBALS));
    }

    /** drill.globals.passwords: the globals file keeps the roles' password hashes. */
    public boolean globalsPasswords() {
        return Boolean.parseBoolean(text(SettingKey.GLOBALS_PASSWORDS));
    }

    public boolean comparesOwnership() {
        return !Boolean.parseBoolean(text(SettingKey.SCHEMA_IGNORE_OWNERSHIP)) && target().ownsRestoreServer();
    }

    public Optional<Path> invariantsDir() {
        return optionalPath(SettingKey.INVARIANTS_DIR);
    }

    public Path dumpDir() {
        return path(SettingKey.DUMP_DIR);
    }

    public String dumpFormat() {
        return text(SettingKey.DUMP_FORMAT);
    }

    public int dumpJobs() {
        return (int) Math.min(64, Long.parseLong(text(SettingKey.DUMP_JOBS)));
    }

    public DumpOptions dumpOptions() {
        return new DumpOptions(dumpFormat(), dumpJobs(), restoreJobs(), io.duckmesh.drill.backup.FileMode.parse(text(SettingKey.DUMP_MODE)));
    }

    /** drill.restore.postgres-major: the restore server's major for an upgrade rehearsal, or empty for the source's. */
    public Optional<Integer> restorePostgresMajor() {
        String text = text(SettingKey.RESTORE_POSTGRES_MAJOR);
        return text.isEmpty() || Long.parseLong(text) == 0 ? Optional.empty() : Optional.of((int) Math.min(99, Long.parseLong(text)));
    }

    /** The binaries jar drill.restore.postgres-major starts the restore server from: postgres-17.jar in drill.restore.postgres-binaries. */
    public Path restorePostgresBinaries(int major) {
        return path(SettingKey.RESTORE_POSTGRES_BINARIES).resolve("postgres-" + major + ".jar");
    }

    /** drill.restore.jobs, or the core count when empty or 0. */
    public int restoreJobs() {
        String text = text(SettingKey.RESTORE_JOBS);
        long value = text.isEmpty() ? 0 : Long.parseLong(text);
        return value <= 0 ? Runtime.getRuntime().availableProcessors() : (int) Math.min(64, value);
    }

    public Optional<Path> backupFile() {
        return optionalPath(SettingKey.BACKUP_FILE);
    }

    public Optional<Path> backupDir() {
        return optionalPath(SettingKey.BACKUP_DIR);
    }

    public String backupPattern() {
        return text(SettingKey.BACKUP_PATTERN);
    }

    /** Whether the drill restores an existing backup rather than taking its own dump. */
    public boolean restoresExistingBackup() {
        return backupFile().isPresent() || backupDir().isPresent();
    }

    public Optional<Duration> rpoMaxAge() {
        return optionalDuration(SettingKey.RPO_MAX_AGE);
    }

    public Optional<String> rpoNewestDataSql() {
        return text(SettingKey.RPO_NEWEST_DATA_SQL).isBlank() ? Optional.empty() : Optional.of(text(SettingKey.RPO_NEWEST_DATA_SQL));
    }

    public Optional<Duration> rtoMax() {
        return optionalDuration(SettingKey.RTO_MAX);
    }

    /** drill.dump.keep-last, empty when unset or 0 (prune nothing). */
    public OptionalLong dumpKeepLast() {
        String text = text(SettingKey.DUMP_KEEP_LAST);
        return text.isEmpty() || Long.parseLong(text) == 0 ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(text));
    }

    /** The integrity API's settings, or empty when drill.integrity.api-url is not set. */
    public Optional<IntegrityApiSettings> integrityApi() {
        String url = text(SettingKey.INTEGRITY_API_URL);
        if (url.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new IntegrityApiSettings(url.replaceAll("/+$", ""), Optional.ofNullable(secrets.get(SettingKey.INTEGRITY_API_TOKEN)),
                text(SettingKey.INTEGRITY_START_PATH), text(SettingKey.INTEGRITY_CATALOG_FIELD), duration(SettingKey.INTEGRITY_POLL_INTERVAL),
                duration(SettingKey.INTEGRITY_TIMEOUT), duration(SettingKey.INTEGRITY_REQUEST_TIMEOUT)));
    }

    /** Where the report's runbook links point, ending in a slash. */
    public String docsUrl() {
        String url = text(SettingKey.DOCS_URL);
        if (url.isEmpty()) {
            return workingDir.resolve("docs").toUri().toString();
        }
        return url.endsWith("/") ? url : url + "/";
    }

    public String dumpRetain() {
        return text(SettingKey.DUMP_RETAIN);
    }

    public Path reportsDir() {
        return path(SettingKey.REPORTS_DIR);
    }

    /** In drill.backup.pattern, where each database's name goes in a drill.databases run. */
    public static final String DATABASE_PLACEHOLDER = "{database}";

    /** drill.databases as given: names and patterns, in order; empty when one database is drilled. */
    public List<String> databases() {
        return Arrays.stream(text(SettingKey.DATABASES).split(",")).map(String::strip).filter(entry -> !entry.isEmpty()).toList();
    }

    /** True when drill.databases drills several databases (each with settings of its own, {@link #forDatabase}). */
    public boolean cluster() {
        return !databases().isEmpty();
    }

    /** drill.cluster.parallel-databases. */
    public int parallelDatabases() {
        return (int) Math.min(64, Long.parseLong(text(SettingKey.CLUSTER_PARALLEL_DATABASES)));
    }

    /**
     * The settings of one database of a drill.databases run: drill.source.url naming it, its reports in
     * reports/databases/&lt;database&gt; (drill.reports.dir), its profile from drill.cluster.profiles-dir when
     * that has &lt;database&gt;.properties (the name as {@link #safeFileName} writes it, so that no name reaches
     * outside the folder), its backups in drill.backup.dir by drill.backup.pattern with the name in it,
     * everything else as here.
     */
    public DrillSettings forDatabase(String database) {
        Map<SettingKey, String> changed = new java.util.EnumMap<>(values);
        changed.put(SettingKey.SOURCE_URL, JdbcUrl.withDatabase(text(SettingKey.SOURCE_URL), database));
        changed.put(SettingKey.REPORTS_DIR, reportsDir().resolve("databases").resolve(safeFileName(database)).toString());
        optionalPath(SettingKey.CLUSTER_PROFILES_DIR).map(dir -> dir.resolve(safeFileName(database) + ".properties"))
                .filter(java.nio.file.Files::isRegularFile).ifPresent(profile -> changed.put(SettingKey.PROFILE, profile.toString()));
        String pattern = text(SettingKey.BACKUP_PATTERN);
        String escaped = database.replaceAll("([\\\\*?\\[\\]{},])", "\\\\$1");
        changed.put(SettingKey.BACKUP_PATTERN, pattern.contains(DATABASE_PLACEHOLDER) ? pattern.replace(DATABASE_PLACEHOLDER, escaped)
                : pattern.equals(SettingKey.BACKUP_PATTERN.defaultValue()) ? escaped + "-{[0-9],backup-[0-9]}*T[0-9]*Z-*.dump" : pattern);
        changed.put(SettingKey.DATABASES, "");
        return new DrillSettings(changed, secrets, workingDir, Optional.of(reportsDir()));
    }

    /**
     * Where the run's shared reports go: the Allure history and environment, the HTML report, the
     * cluster's drill-summary.json. The same as {@link #reportsDir()} but for one database of a
     * drill.databases run, whose own reports are in a folder of their own.
     */
    public Path runReportsDir() {
        return clusterReports.orElseGet(this::reportsDir);
    }

    /** True for the settings of one database of a drill.databases run. */
    public boolean oneOfSeveral() {
        return clusterReports.isPresent();
    }

    /** A database name as a folder or file name: letters, digits, '.', '-' and '_' kept, anything else as '_'. */
    public static String safeFileName(String database) {
        String safe = database.replaceAll("[^A-Za-z0-9._-]", "_");
        return safe.isEmpty() || safe.startsWith(".") ? "_" + safe : safe;
    }

    public boolean dryRun() {
        return Boolean.parseBoolean(text(SettingKey.DRY_RUN));
    }

    public Optional<Path> pgBinDir() {
        return optionalPath(SettingKey.PG_BIN_DIR);
    }

    public Duration connectTimeout() {
        return duration(SettingKey.CONNECT_TIMEOUT);
    }

    public Duration statementTimeout() {
        return duration(SettingKey.STATEMENT_TIMEOUT);
    }

    public Duration dumpTimeout() {
        return duration(SettingKey.DUMP_TIMEOUT);
    }

    public Duration restoreTimeout() {
        return duration(SettingKey.RESTORE_TIMEOUT);
    }

    /** Every setting and its value, for the report; secrets are not among them and URLs carry no password. */
    public Map<SettingKey, String> all() {
        return values;
    }

    /** The path a setting names, or empty when it is empty. */
    private Optional<Path> optionalPath(SettingKey key) {
        return text(key).isEmpty() ? Optional.empty() : Optional.of(path(key));
    }

    private Path path(SettingKey key) {
        return workingDir.resolve(text(key)).normalize();
    }

    private Optional<Duration> optionalDuration(SettingKey key) {
        return text(key).isEmpty() ? Optional.empty() : Optional.of(duration(key));
    }

    private Duration duration(SettingKey key) {
        return Duration.parse(text(key));
    }
}
