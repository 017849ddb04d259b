package io.duckmesh.drill.pipeline;

import io.duckmesh.drill.postgres.CommandResult;
import io.duckmesh.drill.postgres.PgEndpoint;
import io.duckmesh.drill.inspect.CatalogInventory;
import io.duckmesh.drill.inspect.TableDigest;
import io.duckmesh.drill.inspect.TableRef;
import io.duckmesh.drill.restore.Analyzer;
import io.duckmesh.drill.restore.DigestsDuringRestore;
import io.duckmesh.drill.restore.DigestsTaken;
import io.duckmesh.drill.restore.SettledTables;
import io.duckmesh.drill.restore.WriteMark;
import io.duckmesh.drill.restore.Restorer;
import io.duckmesh.drill.restore.SuperuserEntries;
import io.duckmesh.drill.restore.TrustedExtensions;
import io.duckmesh.drill.target.RestoreTarget;
import io.duckmesh.drill.target.ThrowawayDatabases;
import io.duckmesh.drill.check.RecoveryObjectivesCheck;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * 20 Restore: restores the dump into a throwaway database (checksumming finished tables while pg_restore runs),
 * analyzes it, and checks the recovery time objective.
 */
public final class Restore implements StageStep {

    @Override
    public void run(DrillContext drill, StageScope stage) throws Exception {
        String chosen = drill.validSettings().map(s -> s.text(io.duckmesh.drill.settings.SettingKey.RESTORE_DATABASE)).orElse("");
        String database = chosen.isEmpty() ? throwawayName(drill) : chosen;

        if (drill.dryRun()) {
            PgEndpoint placeholder = new PgEndpoint("<restore host>", 5432, database, "<user>", Optional.empty());
            DrillTarget where = DrillTarget.of(drill.settings());
            if (where instanceof EmbeddedTarget) {
                stage.plan("start a second, empty embedded PostgreSQL as the restore target", "EmbeddedPostgres.builder().start()");
            }
            stage.plan("create the throwaway database" + (where.restoreServer(drill).isEmpty() ? "" : " on " + where.restoreServer(drill)),
                    "CREATE DATABASE \"" + database + "\" TEMPLATE template0; COMMENT ON DATABASE \"" + database + "\" IS '"
                            + ThrowawayDatabases.marker(drill.runId(), drill.startedAt()) + "'");
            if (drill.settings().globals()) {
                stage.plan(where instanceof EmbeddedTarget ? "restore the backup's globals onto the restore server before the dump"
                        + " (each tablespace in a private folder of the drill's)" : "leave the globals to 30 SchemaParity's scratch server:"
                        + " this restore server is shared or holds the source", "psql -X -v ON_ERROR_STOP=0 -f <dump>.globals.sql postgres");
            }
            boolean asSuperuser = !drill.settings().target().ownsRestoreServer() || drill.settings().restoreAllowsSuperuser();
            PgEndpoint restoring = asSuperuser ? placeholder : new PgEndpoint(placeholder.host(), placeholder.port(), database,
                    "drill_restore_<run>", Optional.empty());
            if (!asSuperuser) {
                stage.plan("refuse, by name, a backup whose table of contents needs a superuser (event triggers, extensions the"
                        + " restore server does not trust, languages, operator classes, foreign-data wrappers) unless"
                        + " drill.restore.allow-superuser=true; then create the run's restore role, not a superuser, owning the"
                        + " throwaway database", "CREATE ROLE drill_restore_<run> LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE"
                        + " NOREPLICATION BYPASSRLS; ALTER DATABASE \"" + database + "\" OWNER TO drill_restore_<run>");
            }
            stage.plan("restore the dump" + (asSuperuser ? "" : " as drill_restore_<run>, without owners and privileges (30"
                    + " SchemaParity proves them from the archive)"), where.hostClient(drill)
                    .map(c -> c.restoreCommand(restoring, drill.settings().dumpDir().resolve("<dump>"),
                            asSuperuser && drill.settings().comparesOwnership()))
                    .orElse("docker exec <container> pg_restore --exit-on-error --no-owner --no-privileges ..."));
            if (drill.settings().checksumDuringRestore()) {
                stage.plan("while pg_restore runs (where its log can be read as it is written: not inside the container),"
                                + " count and checksum on one session each table it is done with (its TABLE DATA"
                                + " and locking constraints finished in its --verbose log); the rest on drill.parallelism sessions after it",
                        "SELECT count(*), sum(<row hash>) FROM <schema>.<table> t  -- each table listed by the tables.sql inventory");
            }
            stage.plan("collect planner statistics on the restored copy, every table on drill.parallelism sessions",
                    "ANALYZE <schema>.<table>");
            return;
        }

        Path dump = drill.dump().file();
        RestoreTarget restoreTarget = drill.evidence().step("prepare the restore target",
                () -> drill.own(drill.prepared().target().restoreTarget(drill)));
        PgEndpoint target = drill.evidence().step("create the throwaway database " + database + " on " + restoreTarget.describe(),
                () -> restoreTarget.create(database, ThrowawayDatabases.marker(drill.runId(), drill.startedAt())));
        String rehearsal = versions(drill, target);
        Optional<io.duckmesh.drill.restore.GlobalsRestore.Restored> globals = GlobalsDrill.beforeTheDump(drill, restoreTarget, stage);
        boolean ownership = drill.settings().comparesOwnership();
        if (ownership && globals.isPresent()) {
            drill.evidence().text("roles", "source roles: " + drill.manifest().roles() + System.lineSeparator()
                    + "created: none as stand-ins; the backup's globals file restored them");
        } else if (ownership) {
            List<String> created = drill.evidence().step("create the source's roles the target lacks (NOLOGIN)",
                    () -> restoreTarget.createRoles(drill.manifest().roles()));
            drill.evidence().text("roles", "source roles: " + drill.manifest().roles() + System.lineSeparator() + "created: " + created);
        }
        RestoreAs as = restoreAs(drill, restoreTarget, target, stage);
        drill.record(Figure.RESTORED_AS, as.endpoint().user());
        drill.record(Figure.OWNERS_PROVEN, switch (as.owners()) {
            case RESTORED -> "restored";
            case FROM_THE_ARCHIVE -> "archive";
            case NOT_COMPARED -> "not compared";
        });
        boolean restoresOwners = as.owners() == Restored.Owners.RESTORED;
        Optional<DigestsDuringRestore> during = digestsDuringRestore(drill, target).map(drill::own);
        CommandResult result = drill.evidence().step("pg_restore into " + as.endpoint() + (restoresOwners ? " with owners and privileges"
                        : as.owners() == Restored.Owners.FROM_THE_ARCHIVE ? " without owners and privileges (30 SchemaParity proves them"
                        + " from the archive)" : "")
                        + (during.isPresent() ? "; meanwhile, on one session, count and checksum each table it is done with" : ""),
                () -> {
                    try {
                        return drill.client().restore(as.endpoint(), dump, restoresOwners, line -> during.ifPresent(d -> d.accept(line)));
                    } finally {
                        restoreTarget.restoreEnded();
                    }
                });
        drill.evidence().text("pg_restore log", result.display() + System.lineSeparator() + result.output());
        if (!result.succeeded()) {
            during.flatMap(DigestsDuringRestore::abandon).ifPresent(failed -> drill.evidence().text("checksums during the restore",
                    "The session counting and checksumming restored tables also failed: " + failed.getMessage()));
            throw stage.failure(String.format("pg_restore of %s into %s %s after %.1f s:%n%s%n"
                            + "The dump cannot be restored. Read the attached pg_restore log, then take a new dump"
                            + " (make backup) or restore an older one.%s",
                    dump.getFileName(), as.endpoint(), result.timedOut()
                            ? "did not finish within drill.timeout.pg-restore=" + drill.settings().restoreTimeout()
                            : "failed with exit code " + result.exitCode(),
                    result.duration().toMillis() / 1000.0, Restorer.errorLines(result), rehearsal + as.refusalHint(result)));
        }
        drill.restored(new Restored(target, result, as.owners(), as.role(), Optional.empty(), globals));
        drill.evidence().console(String.format("restored %s into %s in %.1f s (RTO figure)",
                dump.getFileName(), target, result.duration().toMillis() / 1000.0));
        int parallelism = drill.settings().parallelism();
        Optional<Map<TableRef, TableDigest>> digests = during.isPresent() ? Optional.of(drill.evidence().step(
                "count and checksum the restored tables not read yet on " + parallelism + " sessions (drill.parallelism)",
                () -> during.get().finish())) : Optional.empty();
        drill.evidence().step("ANALYZE every restored table on " + parallelism + " sessions, as pg_restore's documentation advises,"
                + " so that the checks are planned on statistics", () -> {
            List<TableRef> tables;
            try (Connection connection = drill.sessions().openWritable(target)) {
                tables = new CatalogInventory(drill.settings().schemas()).tables(connection).stream()
                        .map(io.duckmesh.drill.inspect.TableInfo::table).toList();
            }
            return new Analyzer(parallelism).analyze(tables, () -> drill.sessions().openWritable(target));
        });
        if (digests.isPresent()) {
            String mark;
            try (Connection connection = drill.sessions().openWritable(target)) {
                mark = WriteMark.of(connection);
            }
            List<TableRef> early = during.get().readEarly();
            drill.digestsTaken(new DigestsTaken(digests.get(), mark, early));
            drill.record(Figure.TABLES_CHECKSUMMED_WHILE_PG_RESTORE_RAN, early.size());
            drill.evidence().text("tables checksummed while pg_restore ran", early.size() + " of " + digests.get().size()
                    + " tables were counted and checksummed before pg_restore ended:" + System.lineSeparator()
                    + early.stream().map(TableRef::toString).collect(java.util.stream.Collectors.joining(System.lineSeparator()))
                    + System.lineSeparator() + "restore server's transaction snapshot once all were taken: " + mark);
            drill.evidence().console(String.format("counted and checksummed %d restored tables, %d of them while pg_restore ran",
                    digests.get().size(), early.size()));
        }
        newestData(drill, target);
        stage.verify(new RecoveryObjectivesCheck().rto(result.duration(), drill.settings().rtoMax()));
    }

    /**
     * Who pg_restore runs as, and so how the owners are proven.
     *
     * @param role the run's restore role; empty when pg_restore runs as the drill's own user
     */
    private record RestoreAs(PgEndpoint endpoint, Restored.Owners owners, Optional<String> role) {

        /** What a failed restore's message adds when the run's role was refused something only a superuser may do. */
        String refusalHint(CommandResult result) {
            String errors = Restorer.errorLines(result);
            if (role.isEmpty() || !(errors.contains("must be superuser") || errors.contains("permission denied")
                    || errors.contains("must be owner"))) {
                return "";
            }
            return String.format("%npg_restore ran as %s, a role of this run's that is not a superuser"
                    + " (drill.restore.allow-superuser=false), and the entry above needs more. If you trust whoever wrote this"
                    + " backup, set drill.restore.allow-superuser=true to restore it as the superuser.", role.get());
        }
    }

    /**
     * On a restore server the drill owns, pg_restore runs as a role of the run's that is not a superuser (RestoreRole)
     * unless drill.restore.allow-superuser=true; a backup whose table of contents needs a superuser is refused, naming
     * its entries, before pg_restore starts. On drill.target=server it runs as drill.restore.user (Preflight warns
     * when that is a superuser).
     */
    private static RestoreAs restoreAs(DrillContext drill, RestoreTarget restoreTarget, PgEndpoint target, StageScope stage)
            throws Exception {
        boolean ownership = drill.settings().comparesOwnership();
        if (!drill.settings().target().ownsRestoreServer()) {
            return new RestoreAs(target, drill.settings().provesOwnershipFromTheArchive() ? Restored.Owners.FROM_THE_ARCHIVE
                    : Restored.Owners.NOT_COMPARED, Optional.empty());
        }
        List<String> needing = drill.evidence().step("find the archive's entries only a superuser can restore", () -> {
            try (Connection connection = drill.sessions().openReadOnly(target)) {
                TrustedExtensions extensions = TrustedExtensions.of(connection);
                return SuperuserEntries.of(drill.dump().toc(), extensions.trusted(), extensions.available());
            }
        });
        boolean allowed = drill.settings().restoreAllowsSuperuser();
        drill.record(Figure.RESTORE_USER_SUPERUSER, allowed);
        if (allowed) {
            drill.evidence().text("restore role", "pg_restore runs as " + target.user() + ", a superuser of "
                    + restoreTarget.describe() + ", because drill.restore.allow-superuser=true; " + (needing.isEmpty()
                    ? "this backup needs no superuser." : "this backup needs one for:" + System.lineSeparator()
                    + String.join(System.lineSeparator(), needing)));
            drill.evidence().console("restoring as the superuser " + target.user() + " (drill.restore.allow-superuser=true)"
                    + (needing.isEmpty() ? "" : "; the backup needs one for " + needing.size() + " entries"));
            return new RestoreAs(target, ownership ? Restored.Owners.RESTORED : Restored.Owners.NOT_COMPARED, Optional.empty());
        }
        if (!needing.isEmpty()) {
            throw stage.failure(String.format("The backup %s needs a superuser to restore %d of its entries, and the drill restores"
                            + " as a role that is not one (drill.restore.allow-superuser=false):%n  %s%nA superuser restore runs the"
                            + " backup's own code (its functions, index expressions and triggers) with every right on %s%s. If you"
                            + " trust whoever wrote this backup, set drill.restore.allow-superuser=true; otherwise drill a backup"
                            + " taken without these objects.",
                    drill.dump().file().getFileName(), needing.size(), String.join(System.lineSeparator() + "  ", needing),
                    restoreTarget.describe(), drill.settings().target() == io.duckmesh.drill.settings.Target.EMBEDDED
                            ? " and, through it, as the user running the drill" : ""));
        }
        PgEndpoint role = drill.evidence().step("create the run's restore role, not a superuser, owner of " + target.database(),
                () -> restoreTarget.restoreRole(target, drill.runId()).orElseThrow(() -> new IllegalStateException(
                        restoreTarget.describe() + " cannot create a restore role; set drill.restore.allow-superuser=true")));
        drill.evidence().text("restore role", "pg_restore runs as " + role.user() + ": LOGIN, NOSUPERUSER, NOCREATEDB, NOCREATEROLE,"
                + " NOREPLICATION, BYPASSRLS (pg_dump's script sets row_security off), owner of " + target.database()
                + ". It restores without owners and privileges (--no-owner --no-privileges), so every object of the copy is its own;"
                + (ownership ? " 30 SchemaParity proves the backup's owners and privileges from the archive's own entries, replayed on"
                + " the copy and rolled back." : " owners and privileges are not compared (drill.schema.ignore-ownership=true)."));
        drill.evidence().console("restoring as " + role.user() + ", a role of this run's that is not a superuser");
        return new RestoreAs(role, ownership ? Restored.Owners.FROM_THE_ARCHIVE : Restored.Owners.NOT_COMPARED, Optional.of(role.user()));
    }

    /**
     * Which PostgreSQL restores what: the restore server's version beside the source's, pg_dump's and
     * pg_restore's, in the evidence and the summary. Restoring into a newer major is an upgrade rehearsal;
     * PostgreSQL advises dumping with the newer major's pg_dump for an upgrade, so a backup written by an
     * older one is said to be one: the rehearsal then proves what the nightly backup would give.
     *
     * @return what a failed restore's message adds for an upgrade rehearsal from an older pg_dump, else ""
     */
    private static String versions(DrillContext drill, PgEndpoint target) throws Exception {
        record Server(String version, int versionNum) {
        }
        Server restore = drill.evidence().step("the restore server's version", () -> {
            try (Connection connection = drill.sessions().openReadOnly(target); Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT current_setting('server_version'), current_setting('server_version_num')::int")) {
                rs.next();
                return new Server(rs.getString(1), rs.getInt(2));
            }
        });
        String pgRestore = drill.evidence().step("pg_restore version", () -> drill.client().pgRestoreVersion().text());
        String pgDump = drill.dump().ownedByDrill() ? drill.prepared().pgDumpVersion().text()
                : Optional.ofNullable(drill.manifest().dump()).map(facts -> facts.pgDumpVersion()).orElse("unknown (no manifest)");
        int sourceVersionNum = drill.figure(Figure.SOURCE_SERVER_VERSION_NUM).orElse(0);
        drill.record(Figure.RESTORE_SERVER_VERSION, restore.version());
        drill.record(Figure.RESTORE_SERVER_VERSION_NUM, restore.versionNum());
        drill.record(Figure.PG_RESTORE_VERSION, pgRestore);
        drill.evidence().table(new io.duckmesh.drill.result.EvidenceTable("versions", List.of("what", "version"), List.of(
                List.of("source server", sourceVersionNum == 0 ? "unknown" : Integer.toString(sourceVersionNum)),
                List.of("pg_dump that wrote the backup", pgDump),
                List.of("pg_restore", pgRestore),
                List.of("restore server", restore.version() + " (" + restore.versionNum() + ")"))));
        int restoreMajor = restore.versionNum() / 10000;
        String rehearsal = "";
        if (sourceVersionNum != 0 && restoreMajor > sourceVersionNum / 10000) {
            drill.evidence().note(String.format("upgrade rehearsal: the PostgreSQL %d backup restores into PostgreSQL %s", sourceVersionNum / 10000,
                    restore.version()));
            Optional<Integer> dumpMajor = drill.dump().ownedByDrill() ? Optional.of(drill.prepared().pgDumpVersion().major())
                    : io.duckmesh.drill.postgres.PgTools.ToolVersion.majorOf(pgDump);
            if (dumpMajor.filter(major -> major < restoreMajor).isPresent()) {
                drill.evidence().note(String.format("the backup was written by %s, older than the restore server: PostgreSQL advises"
                        + " dumping with PostgreSQL %d's pg_dump for an upgrade; this rehearsal proves what the nightly backup, as it is"
                        + " taken, gives on PostgreSQL %d", pgDump, restoreMajor, restoreMajor));
                rehearsal = String.format("%nUpgrade rehearsal: this backup, written by %s, does not restore into PostgreSQL %s. An"
                        + " older pg_dump does not quote the words a newer major reserves, nor write its syntax: take the upgrade's"
                        + " backup with PostgreSQL %d's pg_dump (drill.pg.bin-dir), and fix or rename what the error names before"
                        + " upgrading.", pgDump, restore.version(), restoreMajor);
            }
        }
        return rehearsal;
    }

    /**
     * The session that counts and checksums restored tables while pg_restore runs; none under
     * drill.restore.checksum-during=false, when the manifest has no checksums to compare them with, or when pg_restore runs where its log cannot
     * be read as it is written (inside the container: drill.target=container). 40 RowCountParity
     * uses them only if no transaction has written to the restore server since: on a shared
     * drill.target=server where other databases take writes, it reads the tables again.
     */
    private static Optional<DigestsDuringRestore> digestsDuringRestore(DrillContext drill, PgEndpoint target) {
        if (!drill.settings().checksumDuringRestore() || drill.sourceSide().dataParitySkipped().isPresent()
                || drill.manifest().digests().isEmpty() || !drill.client().streamsRestoreLog()) {
            return Optional.empty();
        }
        Map<TableRef, TableDigest> like = drill.manifest().digests();
        CatalogInventory inventory = new CatalogInventory(drill.settings().schemas());
        return Optional.of(new DigestsDuringRestore(SettledTables.of(drill.dump().toc(), like.keySet()), like,
                drill.settings().contentSegmentRows(), drill.settings().parallelism(),
                () -> drill.sessions().openWritable(target), () -> {
                    try (Connection connection = drill.sessions().openWritable(target)) {
                        return inventory.tables(connection);
                    }
                }));
    }

    /** The achieved recovery point: the newest data the restored copy holds, by the profile's or the setting's query. */
    private static void newestData(DrillContext drill, PgEndpoint target) throws Exception {
        Optional<String> sql = drill.settings().rpoNewestDataSql().or(() -> drill.source().profile().newestDataSql());
        if (sql.isEmpty()) {
            drill.evidence().console("achieved recovery point not reported: neither drill.rpo.newest-data-sql nor the profile's"
                    + " newest-data-sql is set");
            return;
        }
        Optional<Instant> newest = drill.evidence().step("newest data in the restored copy: " + sql.get(), () -> {
            try (Connection connection = drill.sessions().openWritable(target); Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery(sql.get())) {
                return rs.next() ? Optional.ofNullable(rs.getObject(1, OffsetDateTime.class)).map(OffsetDateTime::toInstant)
                        : Optional.<Instant>empty();
            } catch (java.sql.SQLException failed) {
                throw new IllegalStateException("The newest-data query (drill.rpo.newest-data-sql, else the profile's newest-data-sql)"
                        + " failed on the restored copy: " + failed.getMessage() + ". Fix it to return one timestamptz.", failed);
            }
        });
        newest.ifPresent(at -> drill.record(Figure.NEWEST_DATA_AT, at.toString()));
        drill.evidence().console("achieved recovery point: newest data in the backup is from "
                + newest.map(at -> at + " (" + Duration.between(at, drill.startedAt()).toMinutes() + " min before the drill)")
                .orElse("(no rows)"));
    }

    /** drill_&lt;source db&gt;_&lt;UTC timestamp&gt;_&lt;random&gt;: says whose it is and when it was made; at most 63 bytes. */
    private static String throwawayName(DrillContext drill) {
        String sourceDb = drill.sourceIfKnown().map(s -> s.endpoint().database()).orElse("source")
                .replaceAll("[^A-Za-z0-9_]", "_");
        sourceDb = sourceDb.substring(0, Math.min(sourceDb.length(), 32));
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC).format(drill.startedAt());
        return "drill_" + sourceDb + "_" + stamp + "_" + drill.runId().substring(drill.runId().length() - 4);
    }
}
