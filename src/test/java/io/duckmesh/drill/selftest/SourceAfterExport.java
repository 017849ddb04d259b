package io.duckmesh.drill.selftest;

import io.duckmesh.drill.pipeline.DrillContext;
import io.duckmesh.drill.stages.DrillExtension;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Self-test only: runs before Backup and asks it to execute the SQL in {@value #PARAMETER} on the
 * source right after it exports the snapshot and before the backup locks any table, as a migration
 * committing in that window would. Does nothing when the parameter is not set.
 */
@Order(6)
@ExtendWith({DrillExtension.class, ContextParameter.class})
class SourceAfterExport {

    static final String PARAMETER = "selftest.source.after-export-sql";

    @Test
    void runDdlInTheBackupWindow(DrillContext drill, ExtensionContext context) {
        String sql = context.getConfigurationParameter(PARAMETER).orElse("");
        if (sql.isEmpty()) {
            return;
        }
        drill.afterSnapshotExport(() -> {
            try (Connection connection = drill.sessions().openWritable(drill.source().endpoint());
                 Statement statement = connection.createStatement()) {
                statement.execute(sql);
            } catch (SQLException failed) {
                throw new IllegalStateException("The self-test's DDL after the snapshot's export failed: " + failed.getMessage(), failed);
            }
        });
    }
}
