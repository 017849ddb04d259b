package io.duckmesh.drill.pipeline;

import io.duckmesh.drill.check.KeyTablesCheck;
import io.duckmesh.drill.check.SourceAccessCheck;
import io.duckmesh.drill.inspect.CatalogInventory;
import io.duckmesh.drill.inspect.TableInfo;
import io.duckmesh.drill.inspect.TableRef;
import io.duckmesh.drill.postgres.PgEndpoint;
import io.duckmesh.drill.postgres.PgTools.ToolVersion;
import io.duckmesh.drill.postgres.ServerIdentity;
import io.duckmesh.drill.result.CheckResult;
import io.duckmesh.drill.result.DrillFailure;
import io.duckmesh.drill.result.FailureCategory;
import java.sql.Connection;
import java.util.List;

/**
 * 00 Preflight's checks of the source, which {@code make backup} runs before it dumps too: pg_dump
 * is not older than the source server, the source role can read every table (no grant missing, no
 * row security hiding rows from it), and the drill profile's key tables exist.
 */
public final class SourceChecks {

    /** What else to do with the source server's identity once it is known (record it, guard the restore server). */
    @FunctionalInterface
    public interface IdentityUse {
        void accept(ServerIdentity identity) throws Exception;
    }

    private SourceChecks() {
    }

    /** Runs the checks as steps of {@code stage}, failing it with every finding; returns the source's identity. */
    public static ServerIdentity run(DrillContext drill, StageScope stage, PgEndpoint source, ToolVersion pgDump, List<TableRef> keyTables,
            IdentityUse use) throws Exception {
        record Seen(ServerIdentity identity, List<TableInfo> tables) {
        }
        Seen seen = drill.evidence().step("connect read-only to " + source, () -> {
            try (Connection connection = drill.sessions().openReadOnly(source)) {
                ServerIdentity identity = ServerIdentity.of(connection);
                int serverMajor = identity.serverVersionNum() / 10000;
                if (pgDump.major() < serverMajor) {
                    throw DrillFailure.of(FailureCategory.CONFIGURATION, String.format("pg_dump is older than the source server:"
                            + " pg_dump %d (%s) cannot dump PostgreSQL %d. Install postgresql-client-%d or point drill.pg.bin-dir at a"
                            + " newer pg_dump.", pgDump.major(), pgDump.program(), serverMajor, serverMajor));
                }
                use.accept(identity);
                return new Seen(identity, new CatalogInventory(drill.settings().schemas()).tables(connection));
            }
        });
        CheckResult access = drill.evidence().step("the source role can read every table", () -> {
            try (Connection connection = drill.sessions().openReadOnly(source)) {
                return new SourceAccessCheck().check(connection, source.user(), seen.tables());
            }
        });
        stage.verify(List.of(access, new KeyTablesCheck().present(keyTables, seen.tables().stream().map(TableInfo::table).toList())));
        return seen.identity();
    }
}
