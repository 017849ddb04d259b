package io.duckmesh.drill.stages;

import io.duckmesh.drill.DrillContext;
import io.duckmesh.drill.postgres.CommandResult;
import io.duckmesh.drill.postgres.PgEndpoint;
import io.duckmesh.drill.restore.Analyzer;
import io.duckmesh.drill.restore.Restorer;
import io.duckmesh.drill.target.ContainerRestoreTarget;
import io.duckmesh.drill.target.EmbeddedRestoreTarget;
import io.duckmesh.drill.target.RestoreTarget;
import io.duckmesh.drill.target.ServerRestoreTarget;
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
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

@DrillStage
@Order(20)
@DisplayName("20 Restore")
class RestoreIT {

    @Test
    void dumpRestoresIntoThrowawayDatabase(DrillContext drill, StageSupport stage) throws Exception {
        String chosen = drill.validSettings().map(s -> s.text(io.duckmesh.drill.settings.SettingKey.RESTORE_DATABASE)).orElse("");
        String database = chosen.isEmpty() ? throwawayName(drill) : chosen;

        if (drill.dryRun()) {
            PgEndpoint placeholder = new PgEndpoint("<restore host>", 5432, database, "<user>", Optional.empty());
            if (drill.settings().target().equals("embedded")) {
                stage.plan("start a second, empty embedded PostgreSQL as the restore target", "EmbeddedPostgres.builder().start()");
            }
            stage.plan("create the throwaway database" + (drill.settings().target().equals("server")
                            ? " on " + drill.settings().restoreEndpoint() : ""),
                    "CREATE DATABASE \"" + database + "\" TEMPLATE template0; COMMENT ON DATABASE \"" + database + "\" IS '"
                            + ThrowawayDatabases.marker(drill.runId(), drill.startedAt()) + "'");
            stage.plan("restore the dump", BackupIT.hostClientOrPlaceholder(drill)
                    .map(c -> c.restoreCommand(placeholder, drill.settings().dumpDir().resolve("<dump>"),
                            drill.settings().comparesOwnership()))
                    .orElse("docker exec <container> pg_restore --exit-on-error --no-owner --no-privileges ..."));
            stage.plan("collect planner statistics on the restored copy, every table on drill.parallelism sessions",
                    "ANALYZE <schema>.<table>");
            return;
        }

        Path dump = drill.dump().file();
        RestoreTarget restoreTarget = drill.evidence().step("prepare the restore target", () -> drill.own(restoreTarget(drill)));
        PgEndpoint target = drill.evidence().step("create the throwaway database " + database + " on " + restoreTarget.describe(),
                () -> restoreTarget.create(database, ThrowawayDatabases.marker(drill.runId(), drill.startedAt())));
        boolean ownership = drill.settings().comparesOwnership();
        if (ownership) {
            List<String> created = drill.evidence().step("create the source's roles the target lacks (NOLOGIN)",
                    () -> restoreTarget.createRoles(drill.manifest().roles()));
            drill.evidence().text("roles", "source roles: " + drill.manifest().roles() + System.lineSeparator() + "created: " + created);
        }
        CommandResult result = drill.evidence().step("pg_restore into " + target + (ownership ? " with owners and privileges" : ""),
                () -> drill.client().restore(target, dump, ownership));
        drill.evidence().text("pg_restore log", result.display() + System.lineSeparator() + result.output());
        if (!result.succeeded()) {
            throw stage.failure(String.format("pg_restore of %s into %s %s after %.1f s:%n%s%n"
                            + "The dump cannot be restored. Read the attached pg_restore log, then take a new dump"
                            + " (make backup) or restore an older one.",
                    dump.getFileName(), target, result.timedOut()
                            ? "did not finish within drill.timeout.pg-restore=" + drill.settings().restoreTimeout()
                            : "failed with exit code " + result.exitCode(),
                    result.duration().toMillis() / 1000.0, Restorer.errorLines(result)));
        }
        drill.restored(target, result);
        drill.fact("restoreSeconds", result.duration().toMillis() / 1000.0);
        drill.evidence().console(String.format("restored %s into %s in %.1f s (RTO figure)",
                dump.getFileName(), target, result.duration().toMillis() / 1000.0));
        int parallelism = drill.settings().parallelism();
        drill.evidence().step("ANALYZE every restored table on " + parallelism + " sessions, as pg_restore's documentation advises,"
                + " so that the checks are planned on statistics", () -> {
            List<io.duckmesh.drill.inspect.TableRef> tables;
            try (Connection connection = drill.sessions().openWritable(target)) {
                tables = new io.duckmesh.drill.inspect.CatalogInventory(drill.settings().schemas()).tables(connection).stream()
                        .map(io.duckmesh.drill.inspect.TableInfo::table).toList();
            }
            return new Analyzer(parallelism).analyze(tables, () -> drill.sessions().openWritable(target));
        });
        newestData(drill, target);
        stage.verify(new RecoveryObjectivesCheck().rto(result.duration(), drill.settings().rtoMax()));
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
        newest.ifPresent(at -> drill.fact("newestDataAt", at.toString()));
        drill.evidence().console("achieved recovery point: newest data in the backup is from "
                + newest.map(at -> at + " (" + Duration.between(at, drill.startedAt()).toMinutes() + " min before the drill)")
                .orElse("(no rows)"));
    }

    private static RestoreTarget restoreTarget(DrillContext drill) {
        return switch (drill.settings().target()) {
            case "server" -> new ServerRestoreTarget(drill.settings().restoreEndpoint(), drill.sessions(), drill.runId());
            case "container" -> new ContainerRestoreTarget(drill.containerServer(), drill.sessions(), drill.runId());
            default -> new EmbeddedRestoreTarget(drill.sessions(), PreflightIT.startupWait(drill.settings()));
        };
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
