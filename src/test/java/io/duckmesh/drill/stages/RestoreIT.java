package io.duckmesh.drill.stages;

import static org.assertj.core.api.Assertions.fail;

import io.duckmesh.drill.DrillContext;
import io.duckmesh.drill.postgres.CommandResult;
import io.duckmesh.drill.postgres.EmbeddedServer;
import io.duckmesh.drill.postgres.PgEndpoint;
import io.duckmesh.drill.restore.Restorer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

@DrillStage
@Order(20)
class RestoreIT {

    @Test
    void dumpRestoresIntoThrowawayDatabase(DrillContext drill, StageSupport stage) throws Exception {
        Restorer restorer = new Restorer(drill.tools().locate("pg_restore").orElseThrow(), drill.runner(),
                drill.settings().restoreTimeout());
        String database = throwawayName(drill);

        if (drill.dryRun()) {
            PgEndpoint placeholder = new PgEndpoint("<embedded target host>", 0, database, "postgres", Optional.empty());
            stage.plan("start a second, empty embedded PostgreSQL as the restore target", "EmbeddedPostgres.builder().start()");
            stage.plan("create the throwaway database", "CREATE DATABASE \"" + database + "\"");
            stage.plan("restore the dump", restorer.command(placeholder, drill.settings().dumpDir().resolve("<dump>")).display());
            return;
        }

        Path dump = drill.dump().file();
        EmbeddedServer server = drill.evidence().step("start the embedded restore target PostgreSQL",
                () -> drill.own(EmbeddedServer.start("restore target", PreflightIT.startupWait(drill.settings()))));
        PgEndpoint target = server.endpoint(database);
        drill.evidence().step("create the throwaway database " + database, () -> {
            try (Connection admin = drill.sessions().openWritable(server.endpoint("postgres"));
                 Statement statement = admin.createStatement()) {
                statement.execute("CREATE DATABASE \"" + database + "\"");
                statement.execute("COMMENT ON DATABASE \"" + database + "\" IS 'duckmesh restore drill " + drill.runId() + "'");
            }
        });
        CommandResult result = drill.evidence().step("pg_restore into " + target, () -> restorer.restore(target, dump));
        drill.evidence().text("pg_restore log", result.display() + System.lineSeparator() + result.output());
        if (!result.succeeded()) {
            fail("pg_restore of %s into %s %s after %.1f s:%n%s%n"
                            + "The dump cannot be restored. Read the attached pg_restore log, then take a new dump"
                            + " (make backup) or restore an older one.",
                    dump.getFileName(), target, result.timedOut()
                            ? "did not finish within drill.timeout.pg-restore=" + drill.settings().restoreTimeout()
                            : "failed with exit code " + result.exitCode(),
                    result.duration().toMillis() / 1000.0, Restorer.errorLines(result));
        }
        drill.restored(target, result);
        drill.fact("restoreSeconds", result.duration().toMillis() / 1000.0);
        drill.evidence().console(String.format("restored %s into %s in %.1f s (RTO figure)",
                dump.getFileName(), target, result.duration().toMillis() / 1000.0));
    }

    /** drill_&lt;source db&gt;_&lt;UTC timestamp&gt;_&lt;random&gt;: says whose it is and when it was made. */
    private static String throwawayName(DrillContext drill) {
        String sourceDb = drill.sourceIfKnown().map(s -> s.endpoint().database()).orElse("source")
                .replaceAll("[^A-Za-z0-9_]", "_");
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC).format(drill.startedAt());
        return "drill_" + sourceDb + "_" + stamp + "_" + drill.runId().substring(drill.runId().length() - 4);
    }
}
